package usbstick

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/motcua/kiosk/devices/mounts"
	"github.com/motcua/kiosk/firmware"
)

// Defaults of Opts.
const (
	// DefaultRoot is where Raspberry Pi OS (udisks2, usbmount) and the
	// kiosk's automount points put USB sticks: /media/<user>/<label>,
	// /media/usb0 or /media/motcua-usb-<name>.
	DefaultRoot = "/media"
	// DefaultMountsFile lists what is mounted, as the kernel sees it.
	DefaultMountsFile = mounts.File
)

// Opts configure an Exporter; nil or zero fields mean the defaults.
type Opts struct {
	// Root is where sticks are mounted; the report goes to the first
	// writable device mounted below it that MountsFile lists.
	Root       string
	MountsFile string
	// OpenDir opens a directory and reads one name from it (default: the
	// file system's); WriteReport calls it on each automount point below
	// Root, since systemd mounts a stick there only when it is opened.
	OpenDir func(dir string) error
	Log     *slog.Logger
}

// Exporter writes reports to the USB sticks mounted below its root.
type Exporter struct {
	opts Opts
}

var _ firmware.ReportSink = (*Exporter)(nil)

// New returns an Exporter; nil opts means the defaults.
func New(opts *Opts) *Exporter {
	var o Opts
	if opts != nil {
		o = *opts
	}
	if o.Root == "" {
		o.Root = DefaultRoot
	}
	if o.MountsFile == "" {
		o.MountsFile = DefaultMountsFile
	}
	if o.OpenDir == nil {
		o.OpenDir = openDir
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Exporter{opts: o}
}

// WriteReport writes r as CSV (firmware.WriteReportCSV) to the first stick
// that takes it, as name, flushed to the stick before it returns, and
// returns the file's path.
//
// It returns ENOTFOUND when no stick is mounted, EUNAVAILABLE when every
// stick refuses the file (read-only, full, or failing) with the first
// stick's reason, and EINTERNAL when the mount table cannot be read.
// Messages name no path.
func (e *Exporter) WriteReport(ctx context.Context, name string, r firmware.Report) (string, error) {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") {
		return "", firmware.Errorf(firmware.EINVALID, "usbstick: a report's name must be a plain file name")
	}
	// Automount points first: opening one mounts its stick, which the
	// table then lists.
	points, err := automountsUnder(e.opts.MountsFile, e.opts.Root)
	if err != nil {
		return "", err
	}
	for _, dir := range points {
		if err := e.opts.OpenDir(dir); err != nil {
			// A stick that does not mount is no stick; the rest may be.
			e.opts.Log.Warn("report export: a USB stick did not mount", "err", errnoOf(err))
		}
	}
	sticks, err := mountsUnder(e.opts.MountsFile, e.opts.Root)
	if err != nil {
		return "", err
	}
	if len(sticks) == 0 {
		return "", firmware.Errorf(firmware.ENOTFOUND, "usbstick: no USB stick mounted")
	}
	var first error
	for _, m := range sticks {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		if m.readOnly {
			first = firstErr(first, firmware.Errorf(firmware.EUNAVAILABLE, "usbstick: the USB stick is mounted read-only"))
			continue
		}
		path, err := writeReport(m.dir, name, r)
		if err == nil {
			return path, nil
		}
		first = firstErr(first, err)
	}
	e.opts.Log.Warn("report export failed", "sticks", len(sticks), "err", first)
	return "", first
}

// firstErr keeps the first error.
func firstErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// mount is one mounted file system.
type mount struct {
	dir      string
	readOnly bool
}

// entriesUnder returns the mounts below root (not root itself) that
// mountsFile, in the format of /proc/self/mounts, lists, in its order,
// their mount points cleaned.
func entriesUnder(mountsFile, root string) ([]mounts.Mount, error) {
	table, err := mounts.Read(mountsFile)
	if err != nil {
		return nil, firmware.Errorf(firmware.EINTERNAL, "usbstick: reading the mount table: %v", errnoOf(err))
	}
	prefix := strings.TrimSuffix(filepath.Clean(root), "/") + "/"
	var out []mounts.Mount
	for _, m := range table {
		if m.Point = filepath.Clean(m.Point); strings.HasPrefix(m.Point, prefix) {
			out = append(out, m)
		}
	}
	return out, nil
}

// mountsUnder returns the block devices mounted below root that
// mountsFile lists, in its order. A mount of root itself (a tmpfs on
// /media, say) and a mount of anything but a device (systemd's autofs
// placeholder, which sits where the stick will be mounted) are no sticks.
// A mount point listed twice takes its last options, as the kernel shows
// the later mount.
func mountsUnder(mountsFile, root string) ([]mount, error) {
	entries, err := entriesUnder(mountsFile, root)
	if err != nil {
		return nil, err
	}
	var out []mount
	index := map[string]int{}
	for _, e := range entries {
		if !strings.HasPrefix(e.Source, "/dev/") {
			continue
		}
		if i, ok := index[e.Point]; ok {
			out[i].readOnly = e.ReadOnly()
			continue
		}
		if st, err := os.Stat(e.Point); err != nil || !st.IsDir() {
			continue
		}
		index[e.Point] = len(out)
		out = append(out, mount{dir: e.Point, readOnly: e.ReadOnly()})
	}
	return out, nil
}

// automountsUnder returns the autofs mount points below root that
// mountsFile lists: where systemd mounts a stick once it is opened.
func automountsUnder(mountsFile, root string) ([]string, error) {
	entries, err := entriesUnder(mountsFile, root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type == "autofs" {
			out = append(out, e.Point)
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
	return firmware.Errorf(firmware.EUNAVAILABLE, "usbstick: the USB stick %s: %v", why, errnoOf(err))
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
