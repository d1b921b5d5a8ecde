package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/motcua/kiosk/devices/board"
	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/admin"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/storage"
)

// checkedPortal is the portal client whose health checks are also kept in
// the ledger, for the portal's uptime in reports. Embedding keeps the
// client's catalog and rating methods, which the kiosk looks for.
type checkedPortal struct {
	*portal.Client
	log   firmware.PortalLog
	clock kiosk.Clock
	warn  *slog.Logger
}

func (p *checkedPortal) Health(ctx context.Context) (*firmware.Health, error) {
	start := time.Now()
	h, err := p.Client.Health(ctx)
	c := p.clock
	check := firmware.PortalCheck{
		At: c.Now(), Mono: c.SinceBoot(), BootID: c.BootID(), ClockSynced: c.Synced(),
		Up:      err == nil && h.Status != firmware.HealthDown,
		Latency: time.Since(start),
	}
	// The ledger's own deadline: a cancelled check is still a check.
	rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if rerr := p.log.RecordPortalCheck(rctx, check); rerr != nil {
		p.warn.Warn("recording a portal check failed", "err", rerr)
	}
	return h, err
}

// compactDaily rolls raw events older than retention into daily counts,
// at start and then once a day (DESIGN §8).
func compactDaily(ctx context.Context, l *storage.Ledger, retention time.Duration, log *slog.Logger) {
	for {
		if st, err := l.Compact(ctx, time.Now(), retention); err != nil {
			log.Error("ledger compaction failed", "err", err)
		} else if st.Events > 0 || st.Runs > 0 || st.Ratings > 0 {
			log.Info("ledger compacted", "events", st.Events, "portal_runs", st.Runs, "days", st.Days,
				"ratings_sent", st.Ratings)
		}
		t := time.NewTimer(24 * time.Hour)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// serveAdmin starts the admin endpoint when the settings give it an
// address; it refuses to start without a token rather than serve openly.
func serveAdmin(ctx context.Context, o runOpts, token string, l *storage.Ledger, w *storage.Writer,
	k *kiosk.Kiosk, brd board.Board, log *slog.Logger) error {
	addr := o.cfg.Admin.Listen
	if addr == "" {
		return nil
	}
	if token == "" {
		return fmt.Errorf(`admin: "admin.listen" is set but the secrets file has no "admin_token"`)
	}
	h, err := admin.New(&admin.Opts{
		Token: token, KioskID: o.cfg.KioskID, Version: version,
		Reporter: l, Totals: l, Ledger: w, Portal: k.Citizen.PortalState,
		Device: brd,
		Log:    log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("admin: %w", err)
	}
	log.Info("admin endpoint listening", "addr", ln.Addr().String())
	go func() {
		if err := admin.Serve(ctx, ln, h); err != nil {
			log.Error("admin endpoint stopped", "err", err)
		}
	}()
	return nil
}

// alerter is the part of the board that lights the fault LED.
type alerter interface {
	RaiseAlert(firmware.Alert)
	ClearAlert(firmware.AlertKind)
}

// watchLedger lights the fault LED while the ledger has an alert (disk
// full, read-only, a damaged database moved aside, events dropped), and
// puts it out when the alert clears. Staff mode shows what the trouble is
// from the ledger's own state.
func watchLedger(ctx context.Context, m firmware.LedgerMonitor, b alerter, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if st := m.LedgerState(); st.OK() {
			b.ClearAlert(firmware.AlertLedger)
		} else {
			b.RaiseAlert(firmware.Alert{Kind: firmware.AlertLedger})
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
