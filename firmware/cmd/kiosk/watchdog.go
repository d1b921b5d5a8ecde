package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/firmware"
)

// The UI loop is pinged every pingEvery and counts as alive while it
// answers within answerWithin.
const (
	pingEvery    = time.Second
	answerWithin = 3 * time.Second
)

// heartbeat asks the Fyne goroutine to run an empty function every
// second, and each of checks (the ledger writer) to answer. While they all
// answer, the heartbeat LED beats and systemd's watchdog is fed (DESIGN
// §10: Type=notify, WatchdogSec); when one hangs, the LED stays lit and the
// watchdog starves, so systemd restarts the kiosk. The first answer tells
// systemd the kiosk is ready.
func heartbeat(ctx context.Context, ind firmware.Indicators, log *slog.Logger, checks ...func(context.Context) error) {
	every := pingEvery
	if usec, err := strconv.ParseInt(os.Getenv("WATCHDOG_USEC"), 10, 64); err == nil && usec > 0 {
		every = min(every, time.Duration(usec)*time.Microsecond/2)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	var answered chan struct{} // of the ping in flight; nil when none
	var sent time.Time
	ready, alive := false, false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if a := fyne.CurrentApp(); a == nil || a.Driver() == nil {
			continue // the UI has not started yet
		}
		if answered != nil {
			select {
			case <-answered:
				answered = nil
			default:
			}
		}
		if answered == nil {
			// One ping at a time: a hung loop does not pile them up.
			answered, sent = make(chan struct{}), time.Now()
			done := answered
			go fyne.DoAndWait(func() { close(done) })
			select {
			case <-done:
				answered = nil
			case <-time.After(min(every/2, answerWithin)):
			}
		}
		now := answered == nil || time.Since(sent) < answerWithin
		if now {
			if err := answer(ctx, checks); err != nil {
				log.Error("the ledger writer does not answer", "err", err)
				now = false
			}
		}
		if now != alive {
			alive = now
			if alive {
				ind.SetIndicator(firmware.LEDHeartbeat, firmware.PatternHeartbeat)
			} else {
				log.Error("not alive: the heartbeat stops", "ui_waiting", time.Since(sent).Round(time.Second))
				ind.SetIndicator(firmware.LEDHeartbeat, firmware.PatternOn)
			}
		}
		if !alive {
			continue
		}
		if !ready {
			ready = true
			if err := sdNotify("READY=1"); err != nil {
				log.Warn("systemd notify", "err", err)
			}
		}
		sdNotify("WATCHDOG=1")
	}
}

// answer runs each check with answerWithin to answer.
func answer(ctx context.Context, checks []func(context.Context) error) error {
	for _, check := range checks {
		cctx, cancel := context.WithTimeout(ctx, answerWithin)
		err := check(cctx)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// sdNotify sends a state to systemd's notify socket, when there is one
// (sd_notify(3)); off systemd it does nothing.
func sdNotify(state string) error {
	path := os.Getenv("NOTIFY_SOCKET")
	if path == "" {
		return nil
	}
	if path[0] == '@' {
		path = "\x00" + path[1:] // an abstract socket
	} else if path[0] != '/' {
		return errors.New("NOTIFY_SOCKET is neither a path nor abstract")
	}
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte(state))
	return err
}
