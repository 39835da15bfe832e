package packgen

import (
	"strconv"

	"github.com/ballotpack/ballotpack/internal/datamatrix"
	"github.com/ballotpack/ballotpack/internal/fpdf"
)

// drawMatrix draws a Data Matrix symbol in pure black, its top left corner
// at x, y and each module module mm square: one path of rectangles, one a
// run of dark modules in a row.
func drawMatrix(pdf *fpdf.Fpdf, sym *datamatrix.Symbol, x, y, module float64) {
	b := appendModuleSpace(nil, pdf, x, y, module)
	for r := range sym.Rows() {
		for c := 0; c < sym.Cols(); {
			if !sym.Dark(r, c) {
				c++
				continue
			}
			end := c
			for end < sym.Cols() && sym.Dark(r, end) {
				end++
			}
			b = strconv.AppendInt(b, int64(c), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(end-c), 10)
			b = append(b, " 1 re\n"...)
			c = end
		}
	}
	b = append(b, "f Q"...)
	pdf.RawWriteBytes(b)
}

// appendModuleSpace appends what starts drawing a 2D code in pure black
// with its top left corner at x, y (mm): save the state, fill black, and
// map module (col, row) to the page, module mm a module. The caller ends
// it with "f Q".
func appendModuleSpace(b []byte, pdf *fpdf.Fpdf, x, y, module float64) []byte {
	k := pdf.GetConversionRatio() // points per mm
	_, pageHeight := pdf.GetPageSize()
	m := module * k
	b = append(b, "q 0 g "...)
	b = strconv.AppendFloat(b, m, 'f', 4, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, -m, 'f', 4, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, x*k, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, (pageHeight-y)*k, 'f', 2, 64)
	return append(b, " cm\n"...)
}
