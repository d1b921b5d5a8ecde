package main

import (
	"strings"
	"testing"
	"time"
)

// sample is go test's output for two packages, one of whose benchmarks
// logged.
const sample = `goos: linux
goarch: amd64
pkg: github.com/motcua/kiosk/storage
cpu: Intel(R) Xeon(R) CPU @ 2.20GHz
BenchmarkAppend-2   	    5000	    210345 ns/op	  1024 B/op	      12 allocs/op
BenchmarkLedgerBytes-2   	       1	1234567890 ns/op	    201234 bytes-per-1000-lookups	      1893 bytes-per-day
--- BENCH: BenchmarkLedgerBytes-2
    bench_test.go:240: 1000 lookups: 201234 bytes raw
PASS
ok  	github.com/motcua/kiosk/storage	12.3s
goos: linux
goarch: amd64
pkg: github.com/motcua/kiosk/devices/fbdev
cpu: Intel(R) Xeon(R) CPU @ 2.20GHz
BenchmarkDraw/800x480-2         	     500	   2345678 ns/op
PASS
ok  	github.com/motcua/kiosk/devices/fbdev	3.1s
`

func TestParseAndMarkdown(t *testing.T) {
	r := parse(strings.NewReader(sample))
	if r.goos != "linux" || r.goarch != "amd64" || r.cpu != "Intel(R) Xeon(R) CPU @ 2.20GHz" {
		t.Errorf("machine %q %q %q", r.goos, r.goarch, r.cpu)
	}
	if len(r.benchmarks) != 3 {
		t.Fatalf("%d benchmarks, want 3", len(r.benchmarks))
	}
	lb := r.benchmarks[1]
	if lb.pkg != "github.com/motcua/kiosk/storage" || lb.name != "BenchmarkLedgerBytes-2" || lb.runs != "1" ||
		strings.Join(lb.figures, "; ") != "1234567890 ns/op; 201234 bytes-per-1000-lookups; 1893 bytes-per-day" {
		t.Errorf("ledger bytes %+v", lb)
	}
	if len(lb.logs) != 1 || lb.logs[0] != "1000 lookups: 201234 bytes raw" {
		t.Errorf("logs %q", lb.logs)
	}
	if r.benchmarks[2].pkg != "github.com/motcua/kiosk/devices/fbdev" || len(r.benchmarks[0].logs) != 0 {
		t.Errorf("benchmarks %+v %+v", r.benchmarks[0], r.benchmarks[2])
	}

	r.date, r.took, r.goVersion, r.kernel, r.cores = time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC), time.Minute, "go1.26.0", "6.1.0", 2
	r.command = "go test -run '^$' -bench . -benchmem ./..."
	md := r.markdown()
	for _, want := range []string{
		"- Date: 2026-12-03 14:00 UTC (took 1m0s)",
		"- Machine: linux/amd64, Intel(R) Xeon(R) CPU @ 2.20GHz, 2 logical CPUs, Linux 6.1.0",
		"- Go: go1.26.0",
		"## github.com/motcua/kiosk/storage\n\n| benchmark | runs | figures |",
		"| BenchmarkAppend-2 | 5000 | 210345 ns/op, 1024 B/op, 12 allocs/op |",
		"## github.com/motcua/kiosk/devices/fbdev",
		"| BenchmarkDraw/800x480-2 | 500 | 2345678 ns/op |",
		"BenchmarkLedgerBytes-2 (github.com/motcua/kiosk/storage):\n\n- 1000 lookups: 201234 bytes raw",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
