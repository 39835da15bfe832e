package datamatrix

// Codewords of ISO/IEC 16022 §5.2 used here.
const (
	latchC40 = 230 // ASCII → C40
	unlatch  = 254 // C40 → ASCII
	pad      = 129 // ASCII pad
)

// c40Values appends the C40 values of the ASCII character b (§5.2.5,
// Annex C): one value for the basic set, a shift and a value otherwise.
func c40Values(vals []byte, b byte) []byte {
	switch {
	case b == ' ':
		return append(vals, 3)
	case b >= '0' && b <= '9':
		return append(vals, b-'0'+4)
	case b >= 'A' && b <= 'Z':
		return append(vals, b-'A'+14)
	case b < 32: // Shift 1: control characters
		return append(vals, 0, b)
	case b <= 47: // Shift 2: ! " # $ % & ' ( ) * + , - . /
		return append(vals, 1, b-33)
	case b <= 64: // Shift 2: : ; < = > ? @
		return append(vals, 1, b-58+15)
	case b <= 95: // Shift 2: [ \ ] ^ _
		return append(vals, 1, b-91+22)
	default: // Shift 3: ` a–z { | } ~ DEL
		return append(vals, 2, b-96)
	}
}

// encodeC40 returns the data codewords of data in C40, padded to capacity.
//
// The data is latched to C40 and packed three values to two codewords. At
// the end of the data (§5.2.5.2):
//   - no value left over: the symbol is full, or an unlatch follows;
//   - two values left over: a Shift 1 (value 0) completes the triple, then
//     an unlatch if there is room;
//   - one value left over: the last character goes in ASCII instead, after
//     an unlatch, or without one when it is the symbol's last data codeword
//     (the decoder reads a lone codeword left in C40 as ASCII). The last
//     character, basic or shifted, is then all in ASCII and nothing of it is
//     split.
//
// The rest of the capacity is padding (§5.2.3).
func encodeC40(data string, capacity int) ([]byte, error) {
	var vals []byte
	for i := 0; i < len(data); i++ {
		if data[i] >= 0x80 {
			return nil, &CharError{Offset: i, Byte: data[i]}
		}
		vals = c40Values(vals, data[i])
	}
	cw := make([]byte, 0, capacity)
	n, tail := len(vals), -1
	if n%3 == 1 { // the last character goes in ASCII
		last := data[len(data)-1]
		n -= len(c40Values(nil, last))
		tail = int(last) + 1
	}
	if n > 0 {
		cw = append(cw, latchC40)
		for i := 0; i < n; i += 3 {
			v := [3]byte{}
			copy(v[:], vals[i:min(i+3, n)]) // a short triple ends in Shift 1
			x := 1600*int(v[0]) + 40*int(v[1]) + int(v[2]) + 1
			cw = append(cw, byte(x/256), byte(x%256))
		}
	}
	need := len(cw)
	if tail >= 0 {
		need++
	}
	if need > capacity {
		return nil, &FitError{Chars: len(data), Codewords: need}
	}
	switch {
	case tail >= 0 && (n == 0 || need == capacity): // in ASCII already, or read as ASCII
		cw = append(cw, byte(tail))
	case tail >= 0:
		cw = append(cw, unlatch, byte(tail))
	case n > 0 && len(cw) < capacity:
		cw = append(cw, unlatch)
	}
	return padTo(cw, capacity), nil
}

// padTo fills cw to capacity with pads: the first is 129, each after it is
// randomised by the 253-state algorithm with its 1-based position (§5.2.3).
func padTo(cw []byte, capacity int) []byte {
	if len(cw) < capacity {
		cw = append(cw, pad)
	}
	for len(cw) < capacity {
		p := len(cw) + 1
		v := pad + (149*p)%253 + 1
		if v > 254 {
			v -= 254
		}
		cw = append(cw, byte(v))
	}
	return cw
}
