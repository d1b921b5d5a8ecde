package main

import (
	"fmt"
	"image"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware/portal/portalsim"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

// The appliance's figures (DESIGN §3), from the noos binary on file-backed
// hardware. They are printed, not asserted: `make bench` shows them, and
// the machine they run on decides them.

// homeTile waits for the home screen and returns the lookup tile's centre.
func (a *appliance) homeTile() image.Point {
	a.t.Helper()
	home := a.waitFrame("the home screen", func(img *image.NRGBA) bool {
		n, _ := pixels(img, kiosktheme.Primary)
		return n > 5000
	})
	_, c := pixels(home, kiosktheme.Primary)
	return c
}

var afterInput = regexp.MustCompile(`msg=frame after_input=([0-9.]+[µmn]?s)`)

// latencies returns the input-to-framebuffer times the kiosk logged.
func (a *appliance) latencies() []time.Duration {
	var ds []time.Duration
	for _, m := range afterInput.FindAllStringSubmatch(a.logs.String(), -1) {
		if d, err := time.ParseDuration(m[1]); err == nil {
			ds = append(ds, d)
		}
	}
	return ds
}

// touch sends one contact phase through the touch FIFO: down (1), up (-1)
// or a move (0), stamped now.
func (a *appliance) touchAt(phase int, x, y int) {
	a.t.Helper()
	var b []byte
	now := time.Now()
	add := func(typ, code uint16, v int) {
		b = appendRecord(b, now, typ, code, int32(v))
	}
	switch phase {
	case 1:
		add(3, 0x39, 1)
	case -1:
		add(3, 0x39, -1)
	}
	if phase >= 0 {
		add(3, 0x35, x)
		add(3, 0x36, y)
	}
	add(0, 0, 0)
	if _, err := a.touch.Write(b); err != nil {
		a.t.Fatal(err)
	}
}

func appendRecord(b []byte, t time.Time, typ, code uint16, v int32) []byte {
	le := func(x uint64, n int) {
		for i := range n {
			b = append(b, byte(x>>(8*i)))
		}
	}
	le(uint64(t.Unix()), 8)
	le(uint64(t.Nanosecond()/1000), 8)
	le(uint64(typ), 2)
	le(uint64(code), 2)
	le(uint64(uint32(v)), 4)
	return b
}

// waitLatencies waits until the kiosk logged n input frames.
func (a *appliance) waitLatencies(n int) {
	a.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(a.latencies()) < n {
		if time.Now().After(deadline) {
			a.t.Fatalf("%d input frames logged, want %d", len(a.latencies()), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func report(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, name+"-p50-ms")
	b.ReportMetric(float64(ds[len(ds)*9/10].Microseconds())/1000, name+"-p90-ms")
	b.Logf("%s: %d frames, p50 %s, p90 %s, max %s, mean %s", name, len(ds),
		ds[len(ds)/2].Round(100*time.Microsecond), ds[len(ds)*9/10].Round(100*time.Microsecond),
		ds[len(ds)-1].Round(100*time.Microsecond), (sum / time.Duration(len(ds))).Round(100*time.Microsecond))
}

// BenchmarkApplianceStart is the time from starting the process to its
// first frame on the framebuffer, as the kiosk measures it.
func BenchmarkApplianceStart(b *testing.B) {
	noosBinary(b)
	re := regexp.MustCompile(`msg="first frame" after=([0-9.]+[µmn]?s)`)
	var own, wall []time.Duration
	for b.Loop() {
		start := time.Now()
		a := startAppliance(b, 800, 480, "--verbose")
		a.homeTile()
		wall = append(wall, time.Since(start))
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if m := re.FindStringSubmatch(a.logs.String()); m != nil {
				d, _ := time.ParseDuration(m[1])
				own = append(own, d)
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		a.stop()
	}
	report(b, "first-frame", own)
	report(b, "home-seen", wall)
}

// BenchmarkApplianceTouch is the time from a touch (its kernel timestamp)
// to the frame that answers it written to the framebuffer, at the panel
// sizes of DESIGN §2: each round presses the lookup tile, lifts (the
// lookup screen), presses and lifts the home button in the top-left
// corner (home again).
func BenchmarkApplianceTouch(b *testing.B) {
	noosBinary(b)
	for _, size := range []image.Point{{800, 480}, {1024, 600}, {1920, 1080}} {
		b.Run(fmt.Sprintf("%dx%d", size.X, size.Y), func(b *testing.B) {
			a := startAppliance(b, size.X, size.Y, "--verbose")
			tile := a.homeTile()
			n := len(a.latencies())
			for b.Loop() {
				for _, p := range []struct{ phase, x, y int }{
					{1, tile.X, tile.Y}, {-1, tile.X, tile.Y}, // lookup
					{1, 40, 30}, {-1, 40, 30}, // home
				} {
					a.touchAt(p.phase, p.x, p.y)
					n++
					a.waitLatencies(n)
				}
			}
			report(b, "touch-to-fb", a.latencies())
		})
	}
}

// cpuTime is the CPU time the process used so far.
func cpuTime(t testing.TB, pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command, which is in parentheses and may hold
	// spaces: utime and stime are the 12th and 13th.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// rss is the process's resident memory in bytes.
func rss(t testing.TB, pid int) int64 { return procStatus(t, pid, "VmRSS") }

// procStatus is a memory figure of /proc/<pid>/status, in bytes: VmRSS,
// RssAnon (the heap, stacks) or RssFile (the binary's pages read).
func procStatus(t testing.TB, pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, field+":") {
			kb, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkApplianceIdle is the CPU the kiosk uses on its home screen with
// nobody there, over 60 s (KIOSK_IDLE_SECONDS changes it). The aim is none.
func BenchmarkApplianceIdle(b *testing.B) {
	noosBinary(b)
	secs := 60
	if s, err := strconv.Atoi(os.Getenv("KIOSK_IDLE_SECONDS")); err == nil && s > 0 {
		secs = s
	}
	for b.Loop() {
		a := startAppliance(b, 800, 480)
		a.homeTile()
		time.Sleep(3 * time.Second) // start-up work: the first health check, the catalog
		pid := a.cmd.Process.Pid
		before := cpuTime(b, pid)
		time.Sleep(time.Duration(secs) * time.Second)
		used := cpuTime(b, pid) - before
		b.ReportMetric(float64(used.Milliseconds()), "cpu-ms")
		b.ReportMetric(100*used.Seconds()/float64(secs), "cpu-%")
		resident := rss(b, pid)
		b.ReportMetric(float64(resident)/1e6, "rss-MB")
		b.Logf("idle %d s: %s of CPU (%.2f%%), RSS %.1f MB (anonymous %.1f MB, the binary's pages %.1f MB)",
			secs, used, 100*used.Seconds()/float64(secs), float64(resident)/1e6,
			float64(procStatus(b, pid, "RssAnon"))/1e6, float64(procStatus(b, pid, "RssFile"))/1e6)
		a.stop()
	}
}

// BenchmarkApplianceSoak is the resident memory after 1,000 lookups
// scanned one after another (KIOSK_SOAK_LOOKUPS changes the count), at
// two moments: right after the burst (rss-burst-MB), while Fyne still
// caches the renderers of the screens just left (FYNE_CACHE as the unit
// sets it, cleaned on a frame at most every 10 s); and once the kiosk
// has been left alone, gone home on its idle reset and drawn again
// (rss-MB, KIOSK_SOAK_SETTLE after the burst, 2 min by default), which is
// what it keeps between citizens. The aim is under 60 MB.
func BenchmarkApplianceSoak(b *testing.B) {
	noosBinary(b)
	lookups := 1000
	if s, err := strconv.Atoi(os.Getenv("KIOSK_SOAK_LOOKUPS")); err == nil && s > 0 {
		lookups = s
	}
	settle := 2 * time.Minute
	if d, err := time.ParseDuration(os.Getenv("KIOSK_SOAK_SETTLE")); err == nil && d > 0 {
		settle = d
	}
	var codes []string
	for _, d := range portalsim.DemoDossiers() {
		if d.Secret == "" {
			codes = append(codes, d.Code)
		}
	}
	for b.Loop() {
		a := startAppliance(b, 800, 480)
		a.homeTile()
		pid := a.cmd.Process.Pid
		start := rss(b, pid)
		began := time.Now()
		for i := range lookups {
			a.scanCode(codes[i%len(codes)])
			deadline := time.Now().Add(10 * time.Second)
			for strings.Count(a.logs.String(), "msg=usage kind=lookup") <= i {
				if time.Now().After(deadline) {
					b.Fatalf("lookup %d not recorded", i+1)
				}
				time.Sleep(time.Millisecond)
			}
		}
		took := time.Since(began)
		time.Sleep(time.Second)
		burst := rss(b, pid)
		var series []string
		for t := 15 * time.Second; t <= settle; t += 15 * time.Second {
			time.Sleep(15 * time.Second)
			series = append(series, fmt.Sprintf("%.0f", float64(rss(b, pid))/1e6))
		}
		end := rss(b, pid)
		b.ReportMetric(float64(burst)/1e6, "rss-burst-MB")
		b.ReportMetric(float64(end)/1e6, "rss-MB")
		b.Logf("%d lookups in %s: RSS %.1f MB at home before, %.1f MB just after, %.1f MB %s later (every 15 s: %s MB)",
			lookups, took.Round(time.Second), float64(start)/1e6, float64(burst)/1e6, float64(end)/1e6, settle,
			strings.Join(series, " "))
		a.stop()
	}
}
