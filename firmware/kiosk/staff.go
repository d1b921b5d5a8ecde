package kiosk

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Staff is the services behind staff mode: the PIN and its lockout
// (pin.go), the dashboard, the ledger's and the device's health, and the
// report's export. The citizen screens never hold it.
type Staff struct {
	*core

	pinMu  sync.Mutex
	pinMem pinLock // the lockout, and all of it without Settings
}

// Dashboard returns staff mode's figures for today, the last 7 and the
// last 30 days at the kiosk's clock. It returns EINTERNAL when the kiosk
// has no Reporter, and the Reporter's errors.
func (s *Staff) Dashboard(ctx context.Context) (firmware.Dashboard, error) {
	if s.cfg.Reporter == nil {
		return firmware.Dashboard{}, firmware.Errorf(firmware.EINTERNAL, "kiosk: no reporter")
	}
	d, err := firmware.NewDashboard(ctx, s.cfg.Reporter, s.cfg.Clock.Now())
	if err != nil {
		return firmware.Dashboard{}, err
	}
	for _, r := range []*firmware.Report{&d.Today, &d.Week, &d.Month} {
		if r.KioskID == "" {
			r.KioskID = s.cfg.KioskID
		}
	}
	return d, nil
}

// LedgerStatus is the usage ledger's state for staff mode: the zero state
// (all well) when the kiosk has no LedgerState.
func (s *Staff) LedgerStatus() firmware.LedgerState {
	if s.cfg.LedgerState == nil {
		return firmware.LedgerState{}
	}
	return s.cfg.LedgerState.LedgerState()
}

// recoveryDismisser is a LedgerMonitor that can forget a recovered
// database once staff have seen it (storage.Writer).
type recoveryDismisser interface {
	DismissRecovery(ctx context.Context) error
}

// DismissLedgerAlert tells the ledger that staff have seen that a damaged
// database was moved aside. It does nothing when the ledger cannot forget
// it; other alerts end by themselves when the disk recovers.
func (s *Staff) DismissLedgerAlert(ctx context.Context) error {
	d, ok := s.cfg.LedgerState.(recoveryDismisser)
	if !ok {
		return nil
	}
	if err := d.DismissRecovery(ctx); err != nil {
		return fmt.Errorf("kiosk: dismiss ledger alert: %w", err)
	}
	return nil
}

// DeviceHealth is the board's parts, readings and alerts; empty when the
// kiosk has no Device.
func (s *Staff) DeviceHealth() firmware.DeviceHealth {
	if s.cfg.Device == nil {
		return firmware.DeviceHealth{}
	}
	return s.cfg.Device.DeviceHealth()
}

// DeviceInfo returns what a technician asks first: the kiosk's ID, its
// firmware version and its network addresses (IPv4 first; no loopback and
// no IPv6 link-local addresses, which every interface has).
func (s *Staff) DeviceInfo() (id, version string, addrs []string) {
	var all []net.Addr
	ifaces, err := net.Interfaces()
	if err != nil {
		s.cfg.Log.Warn("network interfaces", "err", err)
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		a, err := ifc.Addrs()
		if err != nil {
			continue
		}
		all = append(all, a...)
	}
	return s.cfg.KioskID, s.cfg.Version, shownAddrs(all)
}

// shownAddrs turns interface addresses into the addresses staff mode
// shows, IPv4 before IPv6, each once.
func shownAddrs(all []net.Addr) []string {
	var v4, v6 []string
	seen := map[string]bool{}
	for _, a := range all {
		var ip net.IP
		switch a := a.(type) {
		case *net.IPNet:
			ip = a.IP
		case *net.IPAddr:
			ip = a.IP
		}
		if ip == nil || ip.IsLoopback() || ip.IsUnspecified() || ip.IsMulticast() ||
			(ip.To4() == nil && ip.IsLinkLocalUnicast()) {
			continue
		}
		s := ip.String()
		if seen[s] {
			continue
		}
		seen[s] = true
		if ip.To4() != nil {
			v4 = append(v4, s)
		} else {
			v6 = append(v6, s)
		}
	}
	return append(v4, v6...)
}

// ExportReport writes the last 30 days' report to the kiosk's Export (a
// USB stick), named by ReportFileName, and returns where it went.
//
// It returns EINTERNAL without a Reporter or an Export, the Reporter's
// errors, and the Export's: ENOTFOUND when no stick is mounted,
// EUNAVAILABLE when every stick refuses the file (see
// firmware.ReportSink).
func (s *Staff) ExportReport(ctx context.Context) (string, error) {
	if s.cfg.Reporter == nil {
		return "", firmware.Errorf(firmware.EINTERNAL, "kiosk: no reporter")
	}
	if s.cfg.Export == nil {
		return "", firmware.Errorf(firmware.EINTERNAL, "kiosk: no report export")
	}
	now := s.cfg.Clock.Now()
	_, _, month := firmware.DashboardPeriods(now)
	rep, err := s.cfg.Reporter.Report(ctx, month[0], month[1])
	if err != nil {
		return "", err
	}
	if rep.KioskID == "" {
		rep.KioskID = s.cfg.KioskID
	}
	name := ReportFileName(s.cfg.KioskID, now)
	where, err := s.cfg.Export.WriteReport(ctx, name, rep)
	if err != nil {
		return "", err
	}
	s.cfg.Log.Info("report exported", "file", name, "from", rep.From, "to", rep.To)
	return where, nil
}

// ReportFileName is the exported report's file name at t:
// motcua-<id>-<YYYYMMDD-HHMM>.csv, the time in firmware.Vietnam. The ID
// keeps only the characters every file system takes.
func ReportFileName(kioskID string, t time.Time) string {
	// Any other character becomes one '-', however many there were.
	var b strings.Builder
	for _, r := range kioskID {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		case !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	id := b.String()
	id = strings.Trim(id, ".-")
	stamp := t.In(firmware.Vietnam).Format("20060102-1504")
	if id == "" {
		return "motcua-" + stamp + ".csv"
	}
	return "motcua-" + id + "-" + stamp + ".csv"
}
