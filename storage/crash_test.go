//go:build linux || darwin

package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// crashChildEnv makes the test binary the crash test's writing child: it
// names the database, and crashBootEnv the child's boot ID.
const (
	crashChildEnv = "STORAGE_CRASH_CHILD_DB"
	crashBootEnv  = "STORAGE_CRASH_CHILD_BOOT"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		if err := crashChild(path, os.Getenv(crashBootEnv)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild appends events through a Writer until it is killed. After
// each commit it writes "ack <mono_ms>" for every event of the batch, one
// write a batch: a line the parent reads whole is an event that was on
// disk before the line was written. Bursts of random size with short
// pauses make batches of many sizes, and now and then a CorrectClock
// rewrites earlier rows, so that the kill lands in all kinds of writes.
func crashChild(path, boot string) error {
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		return err
	}
	l := NewLedger(db)
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	opts := DefaultWriterOpts
	opts.Committed = func(events []firmware.UsageEvent) {
		for _, e := range events {
			fmt.Fprintf(out, "ack %d\n", e.Mono.Milliseconds())
		}
		out.Flush()
	}
	w := NewWriter(l, &opts)
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	base := time.Now()
	for i := 1; ; {
		for range 1 + r.IntN(40) {
			e := firmware.UsageEvent{
				Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Status: firmware.StatusInProgress,
				Procedure: "1.001193", Channel: firmware.ChannelOnline, Lang: "vi",
				CodeRef: ref(strconv.Itoa(r.IntN(5000))), Latency: 300 * time.Millisecond,
				At: base.Add(time.Duration(i) * time.Millisecond), Mono: time.Duration(i) * time.Millisecond,
				BootID: boot, ClockSynced: r.IntN(2) == 0,
			}
			if err := w.Append(ctx, e); errors.Is(err, ErrQueueFull) {
				time.Sleep(time.Millisecond)
				continue
			} else if err != nil {
				return err
			}
			i++
		}
		if r.IntN(20) == 0 {
			if _, err := l.CorrectClock(ctx, boot, time.Now(), time.Duration(i)*time.Millisecond); err != nil {
				return err
			}
		}
		time.Sleep(time.Duration(r.IntN(2000)) * time.Microsecond)
	}
}

// TestCrash kills a process that appends through a Writer with SIGKILL at
// random moments, again and again on the same file, and checks after each
// kill that the database is intact and holds every event the child had
// acknowledged. A kill leaves what a power cut leaves when the kernel has
// written its cache; the power cut itself is what synchronous=FULL is for
// and cannot be had in a test.
func TestCrash(t *testing.T) {
	runs := 60
	if testing.Short() {
		runs = 10
	}
	dir := t.TempDir()
	var path string
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	start := time.Now()
	totalAcked, runsAcked := 0, 0
	for run := range runs {
		// Each file takes 20 kills, the first while it is being created:
		// enough to crash on top of crashes, while the checks after each
		// kill stay quick.
		if run%20 == 0 {
			path = filepath.Join(dir, fmt.Sprintf("kiosk-%d.db", run/20))
		}
		boot := fmt.Sprintf("crash-%02d", run)
		// One kill in five lands at a random moment from the child's
		// start, while it opens and migrates the file or begins to write;
		// the others at a random moment after its first acknowledgement.
		early := r.IntN(5) == 0
		wait := time.Duration(r.IntN(60)) * time.Millisecond
		if early {
			wait = time.Duration(r.IntN(100)) * time.Millisecond
		}
		acked, err := crashRun(path, boot, early, wait)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(acked) > 0 {
			runsAcked++
		} else if !early {
			t.Fatalf("run %d: no acknowledgement before the kill", run)
		}
		totalAcked += len(acked)

		ctx := context.Background()
		db, err := Open(ctx, path) // runs integrity_check
		if err != nil {
			t.Fatalf("run %d: reopen after kill: %v", run, err)
		}
		var check string
		if err := db.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("run %d: integrity_check = %q, %v", run, check, err)
		}
		rows, err := db.read.QueryContext(ctx, `SELECT mono_ms FROM usage_events WHERE boot_id = ?`, boot)
		if err != nil {
			t.Fatal(err)
		}
		onDisk := map[int64]bool{}
		for rows.Next() {
			var m int64
			if err := rows.Scan(&m); err != nil {
				t.Fatal(err)
			}
			onDisk[m] = true
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		lost := 0
		for _, m := range acked {
			if !onDisk[m] {
				lost++
			}
		}
		if lost > 0 {
			t.Fatalf("run %d: %d of %d acknowledged events are missing", run, lost, len(acked))
		}
	}
	t.Logf("%d kills in %v: %d acknowledged events, all present; %d runs acknowledged some",
		runs, time.Since(start).Round(time.Millisecond), totalAcked, runsAcked)
}

// crashRun starts the child, kills it wait after its start when early, or
// wait after its first acknowledgement, and returns the events it
// acknowledged.
func crashRun(path, boot string, early bool, wait time.Duration) ([]int64, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path, crashBootEnv+"="+boot)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan []int64, 1)
	first := make(chan struct{})
	go func() {
		var acked []int64
		br := bufio.NewReader(stdout)
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				break // a last line without its newline was cut by the kill
			}
			if m, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "ack "); ok {
				if v, err := strconv.ParseInt(m, 10, 64); err == nil {
					if acked == nil {
						close(first)
					}
					acked = append(acked, v)
				}
			}
		}
		io.Copy(io.Discard, stdout)
		lines <- acked
	}()
	if !early {
		select {
		case <-first:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			cmd.Wait()
			return nil, fmt.Errorf("no acknowledgement after 10 s: %s", stderr.String())
		}
	}
	time.Sleep(wait)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return nil, err
	}
	acked := <-lines
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		return nil, fmt.Errorf("child ended before the kill: %v: %s", err, stderr.String())
	}
	return acked, nil
}
