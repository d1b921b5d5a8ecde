package kiosk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/motcua/kiosk/firmware"
)

// Defaults of the staff export's settings.
const (
	// DefaultExportRoot is where Raspberry Pi OS (udisks2, usbmount)
	// mounts USB sticks: /media/<user>/<label> or /media/usb0.
	DefaultExportRoot = "/media"
	// DefaultMountsFile lists what is mounted, as the kernel sees it.
	DefaultMountsFile = "/proc/self/mounts"
)

// Dashboard returns staff mode's figures for today, the last 7 and the
// last 30 days at the kiosk's clock. It returns EINTERNAL when the kiosk
// has no Reporter, and the Reporter's errors.
func (k *Kiosk) Dashboard(ctx context.Context) (firmware.Dashboard, error) {
	if k.cfg.Reporter == nil {
		return firmware.Dashboard{}, firmware.Errorf(firmware.EINTERNAL, "kiosk: no reporter")
	}
	d, err := firmware.NewDashboard(ctx, k.cfg.Reporter, k.cfg.Clock.Now())
	if err != nil {
		return firmware.Dashboard{}, err
	}
	for _, r := range []*firmware.Report{&d.Today, &d.Week, &d.Month} {
		if r.KioskID == "" {
			r.KioskID = k.cfg.KioskID
		}
	}
	return d, nil
}

// LedgerStatus is the usage ledger's state for staff mode: the zero state
// (all well) when the kiosk has no LedgerState.
func (k *Kiosk) LedgerStatus() firmware.LedgerState {
	if k.cfg.LedgerState == nil {
		return firmware.LedgerState{}
	}
	return k.cfg.LedgerState.LedgerState()
}

// recoveryDismisser is a LedgerMonitor that can forget a recovered
// database once staff have seen it (storage.Writer).
type recoveryDismisser interface {
	DismissRecovery(ctx context.Context) error
}

// DismissLedgerAlert tells the ledger that staff have seen that a damaged
// database was moved aside. It does nothing when the ledger cannot forget
// it; other alerts end by themselves when the disk recovers.
func (k *Kiosk) DismissLedgerAlert(ctx context.Context) error {
	d, ok := k.cfg.LedgerState.(recoveryDismisser)
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
func (k *Kiosk) DeviceHealth() firmware.DeviceHealth {
	if k.cfg.Device == nil {
		return firmware.DeviceHealth{}
	}
	return k.cfg.Device.DeviceHealth()
}

// DeviceInfo returns what a technician asks first: the kiosk's ID, its
// firmware version and its network addresses (IPv4 first; no loopback and
// no IPv6 link-local addresses, which every interface has).
func (k *Kiosk) DeviceInfo() (id, version string, addrs []string) {
	var all []net.Addr
	ifaces, err := net.Interfaces()
	if err != nil {
		k.cfg.Log.Warn("network interfaces", "err", err)
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
	return k.cfg.KioskID, k.cfg.Version, shownAddrs(all)
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

// ExportReport writes the last 30 days' report as CSV (see
// firmware.WriteReportCSV) to a USB stick, as
// motcua-<kiosk id>-<YYYYMMDD-HHMM>.csv, flushed to the stick before it
// returns, and returns the file's path. The stick is the first device
// mounted below ExportRoot that takes the file.
//
// It returns ENOTFOUND when no stick is mounted, EUNAVAILABLE when every
// stick refuses the file (read-only, full, or failing), EINTERNAL without a
// Reporter, and the Reporter's errors. Messages name no path: a stick's
// mount point carries its label, which may be a person's name.
func (k *Kiosk) ExportReport(ctx context.Context) (string, error) {
	if k.cfg.Reporter == nil {
		return "", firmware.Errorf(firmware.EINTERNAL, "kiosk: no reporter")
	}
	// The package's udev rule gives a stick an automount point only: it
	// is mounted when its directory is opened, so open each one first and
	// read the table after.
	points, err := automountsUnder(k.cfg.MountsFile, k.cfg.ExportRoot)
	if err != nil {
		return "", err
	}
	for _, dir := range points {
		if err := k.cfg.OpenDir(dir); err != nil {
			// A stick that does not mount is no stick; the rest may be.
			k.cfg.Log.Warn("report export: a USB stick did not mount", "err", errnoOf(err))
		}
	}
	sticks, err := mountsUnder(k.cfg.MountsFile, k.cfg.ExportRoot)
	if err != nil {
		return "", err
	}
	if len(sticks) == 0 {
		return "", firmware.Errorf(firmware.ENOTFOUND, "kiosk: export: no USB stick mounted")
	}

	now := k.cfg.Clock.Now()
	_, _, month := firmware.DashboardPeriods(now)
	rep, err := k.cfg.Reporter.Report(ctx, month[0], month[1])
	if err != nil {
		return "", err
	}
	if rep.KioskID == "" {
		rep.KioskID = k.cfg.KioskID
	}
	name := ReportFileName(k.cfg.KioskID, now)

	var first error
	for _, m := range sticks {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if m.readOnly {
			first = firstErr(first, firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: export: the USB stick is mounted read-only"))
			continue
		}
		path, err := writeReport(m.dir, name, rep)
		if err == nil {
			k.cfg.Log.Info("report exported", "file", name, "from", rep.From, "to", rep.To)
			return path, nil
		}
		first = firstErr(first, err)
	}
	k.cfg.Log.Warn("report export failed", "sticks", len(sticks), "err", first)
	return "", first
}

// firstErr keeps the first error.
func firstErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
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

// mount is one mounted file system.
type mount struct {
	dir      string
	readOnly bool
}

// mountsUnder returns the block devices mounted below root that
// mountsFile (in the format of /proc/self/mounts) lists, in its order. A
// mount of root itself (a tmpfs on /media, say) and a mount of anything
// but a device (systemd's autofs placeholder, which sits where the stick
// will be mounted) are no sticks. A mount point listed twice takes its
// last options, as the kernel shows the later mount.
func mountsUnder(mountsFile, root string) ([]mount, error) {
	data, err := os.ReadFile(mountsFile)
	if err != nil {
		return nil, firmware.Errorf(firmware.EINTERNAL, "kiosk: export: reading the mount table: %v", errnoOf(err))
	}
	root = filepath.Clean(root)
	var out []mount
	index := map[string]int{}
	for line := range strings.SplitSeq(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		dir := filepath.Clean(unescapeMount(f[1]))
		if !strings.HasPrefix(f[0], "/dev/") || !strings.HasPrefix(dir, strings.TrimSuffix(root, "/")+"/") {
			continue
		}
		ro := false
		for o := range strings.SplitSeq(f[3], ",") {
			ro = ro || o == "ro"
		}
		if i, ok := index[dir]; ok {
			out[i].readOnly = ro
			continue
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		index[dir] = len(out)
		out = append(out, mount{dir: dir, readOnly: ro})
	}
	return out, nil
}

// automountsUnder returns the autofs mount points below root that
// mountsFile lists: where systemd mounts a stick once it is opened.
func automountsUnder(mountsFile, root string) ([]string, error) {
	data, err := os.ReadFile(mountsFile)
	if err != nil {
		return nil, firmware.Errorf(firmware.EINTERNAL, "kiosk: export: reading the mount table: %v", errnoOf(err))
	}
	root = filepath.Clean(root)
	var out []string
	for line := range strings.SplitSeq(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || f[2] != "autofs" {
			continue
		}
		if dir := filepath.Clean(unescapeMount(f[1])); strings.HasPrefix(dir, strings.TrimSuffix(root, "/")+"/") {
			out = append(out, dir)
		}
	}
	return out, nil
}

// openDir opens dir and reads a name from it, which has the kernel hand an
// automount point to systemd and wait for the mount.
func openDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// unescapeMount undoes the octal escapes (\040 for a space) that the
// kernel writes in the mount table's fields.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// writeReport writes rep into dir as name: to a temporary file first,
// synced, then renamed, so that a stick pulled out too early never holds
// a report that looks whole but is not.
func writeReport(dir, name string, rep firmware.Report) (path string, err error) {
	path = filepath.Join(dir, name)
	tmp := filepath.Join(dir, "."+name+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return "", stickError(err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriter(f)
	if err := firmware.WriteReportCSV(w, rep); err != nil {
		return "", stickError(err)
	}
	if err := w.Flush(); err != nil {
		return "", stickError(err)
	}
	if err := f.Sync(); err != nil {
		return "", stickError(err)
	}
	if err := f.Close(); err != nil {
		return "", stickError(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", stickError(err)
	}
	// The rename must reach the stick too. Some file systems refuse to
	// sync a directory; the file's data is on the stick by then anyway.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return path, nil
}

// stickError is a write failure on a stick as the UI needs it: always
// EUNAVAILABLE (the stick, not the kiosk, is the trouble), with the cause
// in words and no path.
func stickError(err error) error {
	why := "could not be written"
	switch {
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		why = "is read-only"
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		why = "is full"
	}
	return firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: export: the USB stick %s: %v", why, errnoOf(err))
}

// errnoOf is err's system error without the path a *PathError carries.
func errnoOf(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
