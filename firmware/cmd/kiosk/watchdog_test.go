package main

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"
)

func TestSdNotify(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	if err := sdNotify("READY=1"); err != nil {
		t.Fatalf("without systemd: %v", err)
	}
	path := filepath.Join(t.TempDir(), "notify")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Setenv("NOTIFY_SOCKET", path)
	for _, msg := range []string{"READY=1", "WATCHDOG=1"} {
		if err := sdNotify(msg); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 64)
		c.SetReadDeadline(time.Now().Add(time.Second))
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != msg {
			t.Fatalf("systemd got %q, %v; want %q", buf[:n], err, msg)
		}
	}
	t.Setenv("NOTIFY_SOCKET", "relative/path")
	if err := sdNotify("READY=1"); err == nil {
		t.Fatal("a relative socket path accepted")
	}
}

func TestAnswer(t *testing.T) {
	ok := func(context.Context) error { return nil }
	hung := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	broken := func(context.Context) error { return errors.New("closed") }
	if err := answer(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if err := answer(context.Background(), []func(context.Context) error{ok, ok}); err != nil {
		t.Fatal(err)
	}
	if err := answer(context.Background(), []func(context.Context) error{ok, broken}); err == nil {
		t.Fatal("a failing check counted as alive")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := answer(ctx, []func(context.Context) error{hung}); err == nil || time.Since(start) > answerWithin+time.Second {
		t.Fatalf("a hung check: %v after %s", err, time.Since(start))
	}
}
