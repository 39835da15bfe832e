//go:build profile

package main

// Built with -tags profile, ballotpack writes a CPU profile of the whole run
// to the file named by BALLOTPACK_CPUPROFILE and a heap profile at the end
// to BALLOTPACK_MEMPROFILE, and the live heap at its largest (sampled twice
// a second) to BALLOTPACK_HEAPPROFILE, for go tool pprof. Release builds
// have none of them.

import (
	"bytes"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

func init() {
	cpu, mem, heap := os.Getenv("BALLOTPACK_CPUPROFILE"), os.Getenv("BALLOTPACK_MEMPROFILE"), os.Getenv("BALLOTPACK_HEAPPROFILE")
	if heap != "" {
		go func() {
			var most uint64
			for range time.Tick(500 * time.Millisecond) {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > most {
					most = ms.HeapInuse
					var b bytes.Buffer
					pprof.Lookup("heap").WriteTo(&b, 0)
					os.WriteFile(heap, b.Bytes(), 0o644)
				}
			}
		}()
	}
	if cpu == "" && mem == "" {
		return
	}
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			panic(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			panic(err)
		}
	}
	atExit = func() {
		if cpu != "" {
			pprof.StopCPUProfile()
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err != nil {
				panic(err)
			}
			runtime.GC()
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
}
