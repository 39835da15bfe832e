"""Independent reference implementation of codes/SPEC.md (ballotpack security codes, v1).

Written from the spec alone, using only the Python standard library, to cross-check the Go code.
It prints the test vectors of SPEC.md section 9 as JSON. The keys are test keys, NOT real keys.

Run from the top of the repository:

    python3 testdata/vectors.py > testdata/vectors.json
"""
import base64
import hashlib
import hmac
import json

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's Base32, value 0 first
SALT = b"ballotpack/v1"
KEY_ID_LABEL = b"ballotpack/v1/key-id"
BALLOT_LABEL = b"ballotpack/v1/ballot-code"
SECRET_LABEL = b"ballotpack/v1/secret-code"


def u32(n):
    assert 0 <= n < 2**32
    return n.to_bytes(4, "big")


def lp(s):
    return u32(len(s)) + s


def hmac_sha256(key, msg):
    return hmac.new(key, msg, hashlib.sha256).digest()


def hkdf_sha256(ikm, salt, info, length):
    """RFC 5869: extract, then expand."""
    prk = hmac_sha256(salt, ikm)
    okm, t, i = b"", b"", 1
    while len(okm) < length:
        t = hmac_sha256(prk, t + info + bytes([i]))
        okm += t
        i += 1
    return okm[:length]


def key_id(key):
    """Section 2 (also the subkey ID of section 8)."""
    return hmac_sha256(key, KEY_ID_LABEL)[:8].hex()


def subkey(master, label, election):
    """Section 3."""
    return hkdf_sha256(master, SALT, lp(label) + lp(election.encode()), 32)


def message(election, member, issue, variant):
    """Section 4."""
    return lp(election.encode()) + lp(member.encode()) + u32(issue) + u32(variant)


def times2(a):
    """Multiplication by x in GF(2^5) mod x^5 + x^2 + 1."""
    return ((a << 1) ^ (0x25 if a & 0x10 else 0)) & 0x1F


def damm_state(symbols):
    state = 0
    for s in symbols:
        state = times2(state) ^ s  # state * s
    return state


def symbols_of(mac, n):
    """Leading 5n bits of mac, as n values 0..31, most significant first."""
    bits = int.from_bytes(mac, "big") >> (8 * len(mac) - 5 * n)
    return [(bits >> (5 * (n - 1 - i))) & 0x1F for i in range(n)]


def make_code(sub, msg, n, groups):
    data = symbols_of(hmac_sha256(sub, msg), n)
    syms = data + [times2(damm_state(data))]
    assert damm_state(syms) == 0
    text = "".join(ALPHABET[s] for s in syms)
    parts, pos = [], 0
    for g in groups:
        parts.append(text[pos:pos + g])
        pos += g
    assert pos == len(text)
    return "-".join(parts)


def b64(b):
    return base64.b64encode(b).decode("ascii")


def master_key_file(master):
    return ("# ballotpack master key. SECRET: whoever has this file can make valid codes\n"
            "# for every election it is used for. Keep it offline, mode 0600, and backed up.\n"
            "ballotpack-key: v1\n"
            "type: master\n"
            f"key-id: {key_id(master)}\n"
            f"key: {b64(master)}\n")


def verify_key_file(master, election):
    sub = subkey(master, BALLOT_LABEL, election)
    return ("# ballotpack verify-only key: checks ballot codes (code 1) of one election.\n"
            "# It cannot make or check secret codes. Keep it private all the same.\n"
            "ballotpack-key: v1\n"
            "type: verify-only\n"
            f"election: {election}\n"
            f"key-id: {key_id(master)}\n"
            f"subkey-id: {key_id(sub)}\n"
            f"key: {b64(sub)}\n")


def vector(master, election, member, issue, variant):
    assert len(master) == 32 and 1 <= len(election) <= 64 and 1 <= len(member.encode()) <= 64
    assert 1 <= issue < 2**32 and 0 <= variant <= 1000
    bsub = subkey(master, BALLOT_LABEL, election)
    ssub = subkey(master, SECRET_LABEL, election)
    msg = message(election, member, issue, variant)
    return {
        "master_key_hex": master.hex(),
        "key_id": key_id(master),
        "key_file": master_key_file(master),
        "election": election,
        "member": member,
        "issue": issue,
        "variant": variant,
        "ballot_subkey_hex": bsub.hex(),
        "secret_subkey_hex": ssub.hex(),
        "message_hex": msg.hex(),
        "ballot_code": make_code(bsub, msg, 9, (5, 5)),
        "secret_code": make_code(ssub, msg, 15, (4, 4, 4, 4)),
        "verify_key_file": verify_key_file(master, election),
    }


def values(code):
    return [ALPHABET.index(ch) for ch in code.replace("-", "")]


def self_check(vectors):
    # HKDF against RFC 5869 test case 1.
    okm = hkdf_sha256(bytes([0x0B] * 22), bytes(range(13)), bytes(range(0xF0, 0xFA)), 42)
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                         "34007208d5b887185865")
    for v in vectors:
        for c in (v["ballot_code"], v["secret_code"]):
            assert damm_state(values(c)) == 0, c
    syms = values(vectors[0]["ballot_code"])
    for i in range(len(syms)):
        for x in range(32):
            if x != syms[i]:
                assert damm_state(syms[:i] + [x] + syms[i + 1:]) != 0
    for i in range(len(syms) - 1):
        if syms[i] != syms[i + 1]:
            t = syms[:i] + [syms[i + 1], syms[i]] + syms[i + 2:]
            assert damm_state(t) != 0


def main():
    k1 = bytes(range(32))
    k2 = hashlib.sha256(b"ballotpack test vector key 2 - NOT A REAL KEY").digest()
    inputs = [
        (k1, "leadership-2026", "0012345", 1, 0),
        (k1, "leadership-2026", "12345", 1, 0),            # leading zeros matter
        (k1, "leadership-2026", "0012345", 2, 0),          # replacement pack
        (k1, "leadership-2026", "0012345", 1, 1),          # variant after a collision
        (k1, "leadership-2027", "0012345", 1, 0),          # other election
        (k2, "leadership-2026", "0012345", 1, 0),          # other key
        (k2, "E", "Siân-Ó'Brien-7", 4294967295, 1000),     # non-ASCII member, max issue/variant
        (k2, "a.b_c-D9", "M" * 64, 7, 3),                  # 64-byte member
        (k1, "x" * 64, "1", 1, 0),                         # 64-character election
    ]
    vectors = [vector(*args) for args in inputs]
    self_check(vectors)
    obj = {
        "comment": "Produced by testdata/vectors.py from codes/SPEC.md; test keys, NOT real keys.",
        "vectors": vectors,
    }
    print(json.dumps(obj, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
