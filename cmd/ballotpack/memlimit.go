package main

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// heapHeadroom is how far boundHeap lets the Go heap grow past what is
// live: enough for the batches being rendered and their garbage.
const heapHeadroom = 96 << 20

// boundHeap keeps the process's Go memory near the live heap plus a fixed
// headroom, instead of the runtime's default of twice the live heap, and
// returns a function that stops it. generate holds the whole plan (every
// member's pack) while it renders, so by default its peak was about twice
// what it needs; with a fixed headroom a larger roll costs only the memory
// its members take. It sets the runtime's soft memory limit from the live
// heap measured at each collection (sampled five times a second), so a
// growing roll raises it; the garbage collector works harder only when
// less than the headroom is left. Users who set GOMEMLIMIT or GOGC keep
// theirs.
func boundHeap() (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" || !heapBound.CompareAndSwap(false, true) {
		return func() {} // the user's, or bound already (generate reads the roll)
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(int64(sample[0].Value.Uint64() + heapHeadroom))
		}
	}
	set()
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				set()
			}
		}
	}()
	return func() {
		close(done)
		<-ended
		debug.SetMemoryLimit(math.MaxInt64)
		heapBound.Store(false)
	}
}

var heapBound atomic.Bool
