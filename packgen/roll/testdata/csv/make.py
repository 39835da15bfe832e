#!/usr/bin/env python3
"""Writes the CSV corpus of csv_test.go: python3 make.py (in this folder).

Each file is a roll as some program saves it, or with a defect once
reported; csv_test.go's TestCSVCorpus says what each must read as.
"""

HEADER = ["Membership Number", "Title", "Forename", "Surname", "Address 1", "Address 2", "Town",
          "County", "Postcode", "Country", "Email", "Join Date", "Status", "Large Print"]
NAMES = [("Ana", "Marić"), ("Zoë", "Müller"), ("Siân", "Gwŷn"), ("José", "Núñez"), ("Łukasz", "Wąsik"),
         ("Chloé", "Lefèvre"), ("Søren", "Kjær"), ("Eilís", "Ó Briain")]
NAMES_1252 = [("Zoë", "Müller"), ("José", "Núñez"), ("Chloé", "Lefèvre"), ("Søren", "Kjær"),
              ("François", "Œuvray"), ("Ann", "O’Neill"), ("Eilís", "Ó Briain"), ("Anaïs", "Brontë")]


def row(i, forename, surname):
    return [str(1000 + i), "", forename, surname, f"{i + 1} Road", "", "Leeds", "", f"LS{i % 28 + 1} 1AA",
            "", "", "01/02/2015", "Active", ""]


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


# The reported file: 200 members, lines ended by CR and CRLF in turn.
lines = [",".join(HEADER)] + [",".join(row(i, "Ann", f"Smith{i}")) for i in range(200)]
write("mixed-line-ends.csv", "".join(l + ("\r" if i % 2 else "\r\n") for i, l in enumerate(lines)).encode())

# Old Mac line ends (CR only), and a quoted note holding a CR line break.
lines = ["Membership Number,Surname,Address 1,Town,Postcode,Join Date,Status,Notes"] + [
    f'{i},Smith{i},{i} Road,Leeds,LS{i} 1AA,01/02/2015,Active,"note\rtwo lines"' for i in range(1, 6)]
write("old-mac.csv", ("\r".join(lines) + "\r").encode())

# UTF-8 without a byte order mark, accented names, and in row 7 two stray
# Windows-1252 bytes (é = 0xE9, è = 0xE8): the file is still UTF-8.
rows = [",".join(HEADER)] + [",".join(row(i, *NAMES[i % len(NAMES)])) for i in range(20)]
data = ("\r\n".join(rows) + "\r\n").encode()
write("stray-byte.csv", data.replace("1005,,Chloé,Lefèvre".encode(), b"1005,,Chlo\xe9,Lef\xe8vre"))

# Excel's "CSV" in a European locale: Windows-1252, semicolons.
rows = [";".join(HEADER)] + [";".join(row(i, *NAMES_1252[i])) for i in range(8)]
data = ("\r\n".join(rows) + "\r\n").encode("cp1252")
write("windows-1252.csv", data)

# The same with a byte Windows-1252 leaves undefined (0x81) in row 4.
write("windows-1252-undefined.csv", data.replace("Lefèvre".encode("cp1252"), b"Lef\x81vre"))

# Excel's "Unicode Text": UTF-16LE with a byte order mark, tabs, CRLF; a
# name outside the Basic Multilingual Plane (a surrogate pair), and a quoted
# address with a line break (one row, rejected for the line break).
rows = ["\t".join(HEADER)] + ["\t".join(row(i, *NAMES[i])) for i in range(6)]
rows.append("\t".join(row(6, "Nadia", "Khan 𝔎")))
rows.append("\t".join(row(7, "Omar", "Khan")).replace("8 Road", '"Flat 2\n8 Road"'))
write("unicode-text.txt", b"\xff\xfe" + ("\r\n".join(rows) + "\r\n").encode("utf-16-le"))
