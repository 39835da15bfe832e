// Copyright ©2021 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"fmt"
	"github.com/klauspost/compress/zlib"
	"sync"
)

var xmem = xmempool{
	Pool: sync.Pool{
		New: func() any {
			var m membuffer
			return &m
		},
	},
}

type xmempool struct{ sync.Pool }

// zwriters holds zlib writers for reuse: a new one allocates hundreds of
// KB, which for a document of thousands of pages (one stream each) cost
// more than the compression itself. A channel, not a sync.Pool, so that
// the writers outlive garbage collections. (ballotpack patch; the output
// does not depend on reuse.)
var zwriters = make(chan *zlib.Writer, 16)

func (pool *xmempool) compress(data []byte) *membuffer {
	mem := pool.Get().(*membuffer)
	buf := &mem.buf
	buf.Grow(len(data)/2 + 64)

	var zw *zlib.Writer
	select {
	case zw = <-zwriters:
		zw.Reset(buf)
	default:
		var err error
		zw, err = zlib.NewWriterLevel(buf, 2)
		if err != nil {
			panic(fmt.Errorf("could not create zlib writer: %w", err))
		}
	}
	defer func() {
		select {
		case zwriters <- zw:
		default:
		}
	}()
	_, err := zw.Write(data)
	if err != nil {
		panic(fmt.Errorf("could not zlib-compress slice: %w", err))
	}

	err = zw.Close()
	if err != nil {
		panic(fmt.Errorf("could not close zlib writer: %w", err))
	}
	return mem
}

func (pool *xmempool) uncompress(data []byte) (*membuffer, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}

	mem := pool.Get().(*membuffer)
	mem.buf.Reset()

	_, err = mem.buf.ReadFrom(zr)
	if err != nil {
		mem.release()
		return nil, err
	}

	return mem, nil
}

type membuffer struct {
	buf bytes.Buffer
}

func (mem *membuffer) bytes() []byte { return mem.buf.Bytes() }
func (mem *membuffer) release() {
	mem.buf.Reset()
	xmem.Put(mem)
}

func (mem *membuffer) copy() []byte {
	src := mem.bytes()
	dst := make([]byte, len(src))
	copy(dst, src)
	return dst
}
