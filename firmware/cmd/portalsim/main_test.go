package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

// syncBuffer is written by run's goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var addrRE = regexp.MustCompile(`on (http://[0-9.:]+) `)

// startRun runs the command until the test ends and returns its base URL.
func startRun(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, append([]string{"-listen", "127.0.0.1:0"}, args...), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("run did not return after cancel")
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := addrRE.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], &stdout
		}
		select {
		case err := <-errc:
			t.Fatalf("run returned early: %v\nstderr: %s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no address printed; stdout: %s", stdout.String())
	return "", nil
}

func TestRun(t *testing.T) {
	base, stdout := startRun(t, "-token", "tok", "-fault", "none")
	for _, d := range portalsim.DemoDossiers() {
		if !strings.Contains(stdout.String(), d.Code) {
			t.Errorf("banner lacks demo code %s", d.Code)
		}
	}
	c, err := portal.New(base, &portal.Opts{Token: "tok", KioskID: "k1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Lookup(ctx, "H06.13/2024/HT-0157", ""); err != nil {
		t.Fatalf("lookup through the command: %v", err)
	}

	// The fault switch needs the token, then takes the portal down.
	resp, err := http.Post(base+"/sim/fault?set=down", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("fault switch without token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/sim/fault?set=down", nil)
	req.Header.Set("Authorization", "Bearer tok")
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h, err := c.Health(ctx)
	if err != nil || h.Status != firmware.HealthDown {
		t.Errorf("health after fault down: %v, %v", h, err)
	}

	resp, err = http.Get(base + "/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(body, portal.OpenAPI) {
		t.Errorf("openapi.yaml: %d bytes, want %d", len(body), len(portal.OpenAPI))
	}
}

// TestRunSlowShutdown: a request held by the slow fault does not hold the
// shutdown for the whole delay.
func TestRunSlowShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-listen", "127.0.0.1:0", "-fault", "slow", "-delay", "1m"}, &stdout, &stderr)
	}()
	var base string
	for i := 0; i < 500 && base == ""; i++ {
		if m := addrRE.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	if base == "" {
		t.Fatal("no address printed")
	}
	go http.Get(base + "/v1/health")
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown waited for the slow request")
	}
}

func TestRunRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"-fault", "flaky"},
		{"-nope"},
		{"extra"},
		{"-listen", "256.0.0.1:99999"},
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}
