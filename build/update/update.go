package update

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/motcua/kiosk/build/debpkg"
	"github.com/motcua/kiosk/build/sign"
)

// Package is the Debian package an update bundle must be.
const Package = "motcua-kiosk"

// WatchdogInterval is the kiosk unit's WatchdogSec
// (build/deb/files/motcua-kiosk.service; a test keeps the two equal). A
// new version must stay up without a restart for twice as long before it
// is kept, so that a hung screen loop has been caught by the watchdog.
const WatchdogInterval = 30 * time.Second

// Unit is the transient unit the install runs in, so that it goes on
// when the technician's SSH session is lost.
const Unit = "motcua-kiosk-update"

// Names in the state directory.
const (
	currentDeb  = "current.deb"  // installed and confirmed
	previousDeb = "previous.deb" // the one before it
	stagedDeb   = "staged.deb"   // being installed
	markerFile  = "unconfirmed"  // an install that was not confirmed yet
	resultFile  = "result"       // how the last install in the transient unit ended
)

// Runner runs a system command and returns what it printed on stdout.
type Runner interface {
	Run(ctx context.Context, name string, args ...string) ([]byte, error)
}

// ExecRunner runs commands for real.
type ExecRunner struct{}

// Run runs name with args and returns its stdout; stderr goes into the error.
func (ExecRunner) Run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.Output()
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		return out, fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(string(ee.Stderr)))
	}
	return out, err
}

// Opts are the settings of Install, Apply and Recover. Zero fields take
// DefaultOpts'.
type Opts struct {
	PublicKey string // the provisioned update key
	// StateDir keeps the copies being installed and the installed ones
	// with their signatures. It must be root's, mode 0700, and outside
	// the kiosk's own state (/var/lib/motcua-kiosk is the kiosk user's).
	StateDir     string
	Service      string        // the kiosk's systemd unit
	HealthWithin time.Duration // how long the new version has to come up
	Stable       time.Duration // how long it must then stay up without a restart
	Poll         time.Duration
	// ApplyCommand runs Apply in the transient unit: "kiosk update
	// --apply"; Install adds --pub and --state-dir. Nil in DefaultOpts:
	// the command line must name the binary that is running.
	ApplyCommand []string
	Runner       Runner
	Log          io.Writer
}

// DefaultOpts are the settings of a provisioned kiosk.
var DefaultOpts = Opts{
	PublicKey:    "/etc/motcua-kiosk/update.pub",
	StateDir:     "/var/lib/motcua-kiosk-update",
	Service:      "motcua-kiosk.service",
	HealthWithin: 2 * time.Minute,
	Stable:       2 * WatchdogInterval,
	Poll:         2 * time.Second,
	Runner:       ExecRunner{},
	Log:          io.Discard,
}

// Errors a technician can act on.
var (
	ErrNotKiosk        = errors.New("update: the bundle is not a motcua-kiosk package")
	ErrNotNewer        = errors.New("update: refused: not newer than the installed version")
	ErrUnconfirmed     = errors.New("update: an earlier update is running or was not confirmed")
	ErrStateDir        = errors.New("update: the update directory is not root's alone")
	ErrRolledBack      = errors.New("update: the new version did not come up healthy; the previous one was put back")
	ErrNoRollback      = errors.New("update: the new version did not come up healthy and no previous package was kept")
	ErrRollbackRefused = errors.New("update: the kept previous package does not verify; it was not installed")
)

// Install installs the signed kiosk package bundle (its signature,
// bundle.sig, beside it) and keeps it when the service comes up healthy.
//
// The bundle is read once: copied into the root-only StateDir while its
// SHA-256 is computed, and only that copy is checked against the
// signature, read for its name and version, and installed. A version not
// newer than the installed one is refused (ErrNotNewer). The install
// itself runs in the transient unit Unit (see Apply); Install waits for it
// and returns how it ended: nil, ErrRolledBack, ErrNoRollback,
// ErrRollbackRefused or another error.
func Install(ctx context.Context, bundle string, opts *Opts) error {
	o := withDefaults(opts)
	if len(o.ApplyCommand) == 0 {
		return fmt.Errorf("update: no command for the install's unit")
	}
	pub, err := sign.LoadPublicKey(o.PublicKey)
	if err != nil {
		return fmt.Errorf("update: the update key: %w", err)
	}
	sig, sigText, err := sign.ReadSignatureFile(bundle+sign.Ext, bundle)
	if err != nil {
		return fmt.Errorf("update: refused: %w", err)
	}
	// Refusals that need no copy come first.
	if sig.KeyID != sign.KeyID(pub) {
		return fmt.Errorf("update: refused: %w", sign.VerifyStatement(pub, sig, bundle, sig.Statement))
	}
	if sig.Package != Package {
		return fmt.Errorf("%w (it is signed as %s)", ErrNotKiosk, sig.Package)
	}
	dir, err := o.stateDir(true)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(dir, markerFile)); err == nil {
		return fmt.Errorf("%w: wait for %s.service to end (journalctl -u %s), or, if the kiosk restarted since, run kiosk update --recover", ErrUnconfirmed, Unit, Unit)
	}
	staged := filepath.Join(dir, stagedDeb)
	got, err := copyHashed(bundle, staged, sig.Size)
	if err != nil {
		return fmt.Errorf("update: copying the bundle: %w", err)
	}
	keep := false
	defer func() {
		if !keep {
			os.Remove(staged)
			os.Remove(staged + sign.Ext)
		}
	}()
	// The copy is root's alone: what is read from it now is what was hashed.
	c, cerr := debpkg.ReadControlFile(staged)
	if cerr == nil {
		got.Package, got.Version, got.Architecture = c.Package, c.Version, c.Architecture
	}
	if err := sign.VerifyStatement(pub, sig, bundle, got); err != nil {
		return fmt.Errorf("update: refused: %w", err)
	}
	if cerr != nil {
		return fmt.Errorf("update: reading the bundle: %w", cerr)
	}
	if got.Package != Package {
		return ErrNotKiosk
	}
	installed, err := o.installedVersion(ctx)
	if err != nil {
		return err
	}
	if installed != "" {
		cmp, err := debpkg.CompareVersions(got.Version, installed)
		if err != nil {
			return fmt.Errorf("update: comparing with the installed version: %w", err)
		}
		if cmp <= 0 {
			return fmt.Errorf("%w: this bundle is %s %s and %s is installed; a kiosk goes back only through its own rollback, to the package it kept",
				ErrNotNewer, Package, got.Version, installed)
		}
	}
	fmt.Fprintf(o.Log, "signature good: %s %s (%s), %d bytes, copied to %s\n", Package, got.Version, got.Architecture, got.Size, dir)
	if err := writeFileSync(staged+sign.Ext, sigText); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	m := marker{Version: got.Version, From: installed, Started: time.Now().UTC()}
	if err := m.write(dir); err != nil {
		return err
	}
	keep = true
	os.Remove(filepath.Join(dir, resultFile))

	args := []string{"--unit=" + Unit, "--collect", "--wait", "--quiet", "--service-type=exec",
		"--description=motcua-kiosk update to " + got.Version, "--"}
	args = append(args, o.ApplyCommand...)
	args = append(args, "--pub", o.PublicKey, "--state-dir", dir)
	fmt.Fprintf(o.Log, "installing in %s.service: it goes on if this session is lost (journalctl -u %s); waiting up to %s for the new version to run steadily for %s\n",
		Unit, Unit, o.HealthWithin, o.Stable)
	_, runErr := o.Runner.Run(ctx, "systemd-run", args...)
	res, err := readResult(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist) && runErr != nil:
		// The unit never started Apply: nothing was installed.
		os.Remove(filepath.Join(dir, markerFile))
		keep = false
		return fmt.Errorf("update: the install's unit did not start: %w", runErr)
	case err != nil:
		return fmt.Errorf("update: the install's unit left no result: %w", err)
	case res.Code == "running" && o.unitActive(ctx):
		return fmt.Errorf("update: stopped waiting for %s.service (%v); it goes on without this session (journalctl -u %s)", Unit, runErr, Unit)
	case res.Code == "running":
		return fmt.Errorf("update: %s.service ended before it was done; the previous package is put back at the next boot, or now with kiosk update --recover", Unit)
	}
	return res.err()
}

// unitActive reports whether the install's transient unit is running.
func (o *Opts) unitActive(ctx context.Context) bool {
	_, err := o.Runner.Run(context.WithoutCancel(ctx), "systemctl", "is-active", "--quiet", Unit+".service")
	return err == nil
}

// Apply is the install's second half, run as root in the transient unit:
// it checks the staged copy against its signature once more, installs it
// with dpkg keeping the office's settings, and watches the service. When
// the new version runs steadily it becomes the kept package (the one
// before it is kept as previous.deb) and the unconfirmed-update marker is
// removed; otherwise the kept package, verified again, is put back. It
// records how it ended for Install.
func Apply(ctx context.Context, opts *Opts) error {
	o := withDefaults(opts)
	dir, err := o.stateDir(false)
	if err != nil {
		return err
	}
	writeResultCode(dir, "running")
	err = o.apply(ctx)
	writeResult(dir, err)
	if err != nil {
		fmt.Fprintf(o.Log, "%v\n", err)
	}
	return err
}

func (o *Opts) apply(ctx context.Context) error {
	dir, err := o.stateDir(false)
	if err != nil {
		return err
	}
	if _, err := readMarker(dir); err != nil {
		return err
	}
	pub, err := sign.LoadPublicKey(o.PublicKey)
	if err != nil {
		return fmt.Errorf("update: the update key: %w", err)
	}
	staged := filepath.Join(dir, stagedDeb)
	st, err := sign.Verify(pub, staged, "")
	if err != nil {
		return o.rollBack(ctx, dir, pub, fmt.Errorf("the staged copy: %w", err))
	}
	restarts, _ := o.restarts(ctx)
	fmt.Fprintf(o.Log, "installing %s %s\n", st.Package, st.Version)
	if err := o.dpkgInstall(ctx, staged); err != nil {
		fmt.Fprintf(o.Log, "dpkg failed: %v\n", err)
		return o.rollBack(ctx, dir, pub, err)
	}
	if err := o.waitHealthy(ctx, restarts); err != nil {
		fmt.Fprintf(o.Log, "not healthy: %v\n", err)
		return o.rollBack(ctx, dir, pub, err)
	}
	for _, ext := range []string{"", sign.Ext} {
		cur, prev := filepath.Join(dir, currentDeb+ext), filepath.Join(dir, previousDeb+ext)
		if _, err := os.Lstat(cur); err == nil {
			if err := os.Rename(cur, prev); err != nil {
				return fmt.Errorf("update: installed, but keeping the previous package failed: %w", err)
			}
		}
	}
	for _, ext := range []string{"", sign.Ext} {
		if err := os.Rename(staged+ext, filepath.Join(dir, currentDeb+ext)); err != nil {
			return fmt.Errorf("update: installed, but keeping the package failed: %w", err)
		}
	}
	if err := removeSync(dir, markerFile); err != nil {
		return fmt.Errorf("update: installed, but the update could not be confirmed: %w", err)
	}
	fmt.Fprintf(o.Log, "%s %s is installed and ran steadily for %s\n", Package, st.Version, o.Stable)
	return nil
}

// Recover puts the kept package back when an update was never confirmed:
// the kiosk restarted, or the install's unit was stopped, before the new
// version had run steadily. It does nothing when no update is pending.
// The kiosk's boot runs it (motcua-kiosk-update-check.service).
func Recover(ctx context.Context, opts *Opts) error {
	o := withDefaults(opts)
	dir, err := o.stateDir(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	m, err := readMarker(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		fmt.Fprintf(o.Log, "%v; rolling back anyway\n", err)
	}
	if o.unitActive(ctx) {
		return fmt.Errorf("%w: %s.service is still installing it (journalctl -u %s)", ErrUnconfirmed, Unit, Unit)
	}
	pub, err := sign.LoadPublicKey(o.PublicKey)
	if err != nil {
		return fmt.Errorf("update: the update key: %w", err)
	}
	fmt.Fprintf(o.Log, "the update to %s started %s was never confirmed; putting the kept package back\n", m.Version, m.Started.Format(time.RFC3339))
	err = o.rollBack(ctx, dir, pub, fmt.Errorf("the update to %s was not confirmed before a restart", m.Version))
	writeResult(dir, err)
	return err
}

// rollBack puts the kept package back, after checking it against its own
// signature, and ends the pending update whatever happens: a package that
// cannot be put back will not be tried again at every boot.
func (o *Opts) rollBack(ctx context.Context, dir string, pub ed25519.PublicKey, cause error) error {
	staged := filepath.Join(dir, stagedDeb)
	os.Remove(staged)
	os.Remove(staged + sign.Ext)
	defer removeSync(dir, markerFile)
	current := filepath.Join(dir, currentDeb)
	if _, err := os.Lstat(current); err != nil {
		return fmt.Errorf("%w (%v)", ErrNoRollback, cause)
	}
	st, err := sign.Verify(pub, current, "")
	if err == nil && st.Package != Package {
		err = fmt.Errorf("it is %s, not %s", st.Package, Package)
	}
	if err != nil {
		return fmt.Errorf("%w: the new version failed (%v), and %s: %v; install a signed package by hand (kiosk update)", ErrRollbackRefused, cause, current, err)
	}
	fmt.Fprintf(o.Log, "putting %s %s back\n", st.Package, st.Version)
	restarts, _ := o.restarts(ctx)
	if err := o.dpkgInstall(ctx, current); err != nil {
		return fmt.Errorf("update: the new version failed (%v) and putting the previous one back failed too: %w", cause, err)
	}
	if err := o.waitHealthy(ctx, restarts); err != nil {
		return fmt.Errorf("update: the previous version was put back but is not healthy either: %w", err)
	}
	return fmt.Errorf("%w (%v)", ErrRolledBack, cause)
}

func (o *Opts) dpkgInstall(ctx context.Context, deb string) error {
	// --force-confold keeps the office's settings file as it is.
	_, err := o.Runner.Run(ctx, "dpkg", "--force-confdef", "--force-confold", "-i", deb)
	return err
}

// installedVersion is the installed kiosk package's version, "" when it
// is not installed.
func (o *Opts) installedVersion(ctx context.Context) (string, error) {
	out, err := o.Runner.Run(ctx, "dpkg-query", "--show", "--showformat=${db:Status-Status} ${Version}", Package)
	if err != nil {
		// dpkg-query fails for a package it has never seen.
		return "", nil
	}
	status, v, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if status != "installed" || v == "" {
		return "", nil
	}
	if err := debpkg.ValidVersion(v); err != nil {
		return "", fmt.Errorf("update: the installed version: %w", err)
	}
	return v, nil
}

// stateDir returns the state directory, creating it when create is set,
// and refuses one that is a symlink, is not the caller's (root's on a
// kiosk) or that anyone else may enter.
func (o *Opts) stateDir(create bool) (string, error) {
	dir := filepath.Clean(o.StateDir)
	if create {
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("update: %w", err)
		}
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", fmt.Errorf("update: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return "", fmt.Errorf("%w: %s is not a directory", ErrStateDir, dir)
	case fi.Mode().Perm()&0o077 != 0:
		return "", fmt.Errorf("%w: %s has mode %04o; it must be 0700", ErrStateDir, dir, fi.Mode().Perm())
	case !ok || int(st.Uid) != os.Geteuid():
		return "", fmt.Errorf("%w: %s belongs to another user; it must be root's", ErrStateDir, dir)
	}
	return dir, nil
}

// copyHashed copies src to dst (created anew, never through a link),
// computing the size and SHA-256 of exactly the bytes written, and stops
// after limit+1 bytes: a bundle longer than signed is refused anyway.
func copyHashed(src, dst string, limit int64) (sign.Statement, error) {
	in, err := os.OpenFile(src, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return sign.Statement{}, err
	}
	defer in.Close()
	if fi, err := in.Stat(); err != nil || !fi.Mode().IsRegular() {
		return sign.Statement{}, fmt.Errorf("%s is not a regular file", src)
	}
	os.Remove(dst)
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return sign.Statement{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), io.LimitReader(in, limit+1))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return sign.Statement{}, err
	}
	var st sign.Statement
	st.Size = n
	copy(st.SHA256[:], h.Sum(nil))
	return st, nil
}

// marker records an update that has not been confirmed yet.
type marker struct {
	Version string    `json:"version"`
	From    string    `json:"from"`
	Started time.Time `json:"started"`
}

func (m marker) write(dir string) error {
	b, _ := json.Marshal(m)
	if err := writeFileSync(filepath.Join(dir, markerFile), b); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return nil
}

func readMarker(dir string) (marker, error) {
	var m marker
	b, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return m, fmt.Errorf("update: no update is pending: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("update: the pending update's record: %w", err)
	}
	return m, nil
}

// result is how the last install in the transient unit ended.
type result struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

var resultCodes = map[string]error{
	"rolled-back":      ErrRolledBack,
	"no-rollback":      ErrNoRollback,
	"rollback-refused": ErrRollbackRefused,
}

func writeResultCode(dir, code string) {
	b, _ := json.Marshal(result{Code: code})
	writeFileSync(filepath.Join(dir, resultFile), b)
}

func writeResult(dir string, err error) {
	r := result{Code: "ok"}
	if err != nil {
		r.Code, r.Message = "failed", err.Error()
		for code, sentinel := range resultCodes {
			if errors.Is(err, sentinel) {
				r.Code = code
			}
		}
	}
	b, _ := json.Marshal(r)
	writeFileSync(filepath.Join(dir, resultFile), b)
}

func readResult(dir string) (result, error) {
	var r result
	b, err := os.ReadFile(filepath.Join(dir, resultFile))
	if err != nil {
		return r, err
	}
	return r, json.Unmarshal(b, &r)
}

func (r result) err() error {
	if r.Code == "ok" {
		return nil
	}
	msg := r.Message
	if sentinel, ok := resultCodes[r.Code]; ok {
		// The message begins with the sentinel's own sentence.
		return fmt.Errorf("%w%s", sentinel, strings.TrimPrefix(msg, sentinel.Error()))
	}
	return errors.New(msg)
}

// writeFileSync writes data to path through a synced temporary file, so
// that a power cut leaves the old file or the new one.
func writeFileSync(path string, data []byte) error {
	tmp := path + ".tmp"
	os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func removeSync(dir, name string) error {
	if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// waitHealthy waits for the service to be active and to stay so, without a
// restart, for Stable, all within HealthWithin.
func (o *Opts) waitHealthy(ctx context.Context, restartsBefore int) error {
	deadline := time.Now().Add(o.HealthWithin)
	var upSince time.Time
	base := restartsBefore
	for {
		state, err := o.state(ctx)
		switch {
		case err != nil:
			upSince = time.Time{}
		case state.active && state.restarts == base:
			if upSince.IsZero() {
				upSince = time.Now()
			}
			if time.Since(upSince) >= o.Stable {
				return nil
			}
		default:
			// Restarted or not active: the stable period starts again.
			upSince = time.Time{}
			base = state.restarts
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("service state unknown after %s: %w", o.HealthWithin, err)
			}
			return fmt.Errorf("%s not steadily active within %s (state %s, %d restarts)", o.Service, o.HealthWithin, state.raw, state.restarts-restartsBefore)
		}
		t := time.NewTimer(o.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

type serviceState struct {
	active   bool
	restarts int
	raw      string
}

func (o *Opts) state(ctx context.Context) (serviceState, error) {
	out, err := o.Runner.Run(ctx, "systemctl", "show", o.Service, "--property=ActiveState,SubState,NRestarts")
	if err != nil {
		return serviceState{}, err
	}
	f := parseFields(strings.ReplaceAll(string(out), "=", ": "))
	n, _ := strconv.Atoi(f["NRestarts"])
	return serviceState{
		active:   f["ActiveState"] == "active" && f["SubState"] == "running",
		restarts: n,
		raw:      f["ActiveState"] + "/" + f["SubState"],
	}, nil
}

func (o *Opts) restarts(ctx context.Context) (int, error) {
	s, err := o.state(ctx)
	return s.restarts, err
}

// parseFields reads "Key: value" lines.
func parseFields(s string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

func withDefaults(opts *Opts) Opts {
	o := DefaultOpts
	if opts == nil {
		return o
	}
	if opts.PublicKey != "" {
		o.PublicKey = opts.PublicKey
	}
	if opts.StateDir != "" {
		o.StateDir = opts.StateDir
	}
	if opts.Service != "" {
		o.Service = opts.Service
	}
	if opts.HealthWithin > 0 {
		o.HealthWithin = opts.HealthWithin
	}
	if opts.Stable > 0 {
		o.Stable = opts.Stable
	}
	if opts.Poll > 0 {
		o.Poll = opts.Poll
	}
	if opts.ApplyCommand != nil {
		o.ApplyCommand = opts.ApplyCommand
	}
	if opts.Runner != nil {
		o.Runner = opts.Runner
	}
	if opts.Log != nil {
		o.Log = opts.Log
	}
	return o
}
