// Package xlsx reads the cells of xlsx workbooks (ECMA-376 SpreadsheetML,
// as Excel, LibreOffice, Google Sheets, openpyxl and excelize write it),
// row by row, as text with a Kind: what a person sees in the cell, in a
// form a program can check. It streams each worksheet as it is inflated
// from the zip, never holding a sheet in memory, and is bounded by Limits
// whatever the file claims.
//
//	book, err := xlsx.Open(zr, xlsx.Limits{})
//	rows, err := book.OpenSheet(book.Sheets()[0].Name)
//	for rows.Next() {
//		n, cells, kinds := rows.Row()
//	}
//	err = rows.Err()
//
// # What it reads
//
//   - The package: the workbook part named by the package relationships
//     (_rels/.rels, usually xl/workbook.xml); its sheets in tab order, each
//     found through the workbook's relationships, hidden ones marked; the
//     shared strings and styles parts named there (else
//     xl/sharedStrings.xml and xl/styles.xml); the date1904 setting.
//     [Content_Types].xml is not read. Part names are matched without
//     regard to case, and with \ taken as /.
//   - XML: any namespace prefixes, and the namespaces of transitional and
//     strict OOXML alike (elements are known by their local names); the
//     predefined entities and character references; CDATA; comments,
//     processing instructions and a document type are skipped. The XML is
//     not validated: what a cell is comes from its own element.
//   - Cells: shared strings (t="s"), rich text runs joined, phonetic runs
//     (<rPh>) left out; inline strings (t="inlineStr"); formula strings
//     (t="str"); numbers (t="n" or no t); booleans (t="b", TRUE or FALSE);
//     errors (t="e", #N/A, as written); ISO 8601 dates (t="d", as strict
//     OOXML may write them). The _xHHHH_ escapes Excel writes for
//     characters XML cannot hold are undone in strings (_x005F_ is an
//     underscore). A cell whose value is not valid UTF-8 is an error.
//   - Formulas: the value the producer calculated and saved (<v>) is read,
//     for ordinary, shared and array formulas alike; the formula text is
//     ignored and nothing is calculated. A formula with no saved value is
//     Uncalculated.
//   - Rows and columns: a row or cell without an r attribute follows the one
//     before; rows the XML leaves out are empty; a row's cells are indexed
//     by their column (0 = A), empty cells at the end left off. Rows out of
//     order are an error.
//
// # Number formats
//
// Each cell style's number format (numFmtId of styles' cellXfs; custom
// numFmts before built-in ones) is parsed: sections (;), quoted and
// escaped literals (\c), spaces (_c), fills (*c), @, colours ([Red],
// [Color10]), locales ([$-409]), currency symbols ([$€-809]), conditions
// ([>100]) and elapsed times ([h], [mm], [ss]). The first section, the one
// for positive numbers, decides what a number cell is; text cells are
// never formatted.
//
// Dates (Date, written 2006-01-02): a first section with d, y, e, g or b,
// or an m that is a month (not just after an h or [h], nor just before an
// s); built-in formats 14–17, 22 and 27–36, 50–58. The 1904 date system is
// honoured, serial 60 of the 1900 system is Excel's 29 February 1900, and a
// time of day is dropped after rounding to the second. A serial that is no
// day Excel shows (negative, past 9999) is a Number, as written.
//
// Times (Time, written 15:04:05; durations as hours:minutes:seconds,
// 36:00:00): a first section with h, s, AM/PM, or [h], [mm], [ss], and no
// date code (h:mm, mm:ss, [h]:mm); built-in 18–21 and 45–47. Never dates.
//
// Zero-padded integers (Number, as Excel shows them): a first section of
// digit placeholders (0, # and ?) with at least one 0 and no decimal
// point, thousands separator, percentage, exponent or fraction, among any
// literal text: "0000000", 00000;@, 000000;-000000, built-in 1 ("0").
// The number is rounded half away from zero; a second section is for
// negative numbers and a third for zero, as in Excel; literal text is
// shown, so under "M"00000 the number 45 is M00045 and under 000-000 the
// number 1234 is 001-234, what a person sees in Excel.
//
// Every other number is a Number as written in the file, whatever its
// format (General, 0.00, #,##0, 0%, 0.00E+00, fractions, formats with
// conditions): 1.5 under 0.00 is 1.5, not 1.50, and a number of more than
// 15 digits is not rounded. A t="n" value that is not a number is Text.
//
// # What it ignores
//
// Everything that does not change a cell's value: fonts, fills, borders,
// column widths, hidden rows and columns (their cells are read), merged
// cells (only the top-left cell of a merge holds a value; the others are
// empty, as in the file), conditional formats, data validation, comments,
// tables, pivot tables, charts, drawings, defined names, external links,
// macros (an xlsm is read as an xlsx) and sheet protection. Chart sheets
// and dialog sheets are listed but have no rows. Encrypted workbooks (an
// OLE file, not a zip), xlsb (binary) and the older xls are not xlsx and
// are not read.
//
// # Limits
//
// Limits bound what a workbook can make the reader hold: the zip's
// declared size (1 GiB), the shared strings' count (16,777,216) and text
// (256 MiB), stored as one string per megabyte of text and 4 bytes an
// entry, so that a table of millions of empty strings costs what its
// entries do and no more; the last row (1,048,576) and column (XFD, 16,384
// cells a row), a cell's characters (32,767) and a row's text (16 MiB).
// Going past one is an error with ErrLimit in its chain.
package xlsx
