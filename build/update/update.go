package update

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/kiosk/build/sign"
)

// Package is the Debian package an update bundle must be.
const Package = "motcua-kiosk"

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

// Opts are the settings of Install. Zero fields take DefaultOpts'.
type Opts struct {
	PublicKey    string        // the provisioned update key
	PackagesDir  string        // where the installed packages are kept
	Service      string        // the kiosk's systemd unit
	HealthWithin time.Duration // how long the new version has to come up
	Stable       time.Duration // how long it must then stay up without a restart
	Poll         time.Duration
	Runner       Runner
	Log          io.Writer
}

// DefaultOpts are the settings of a provisioned kiosk.
var DefaultOpts = Opts{
	PublicKey:    "/etc/motcua-kiosk/update.pub",
	PackagesDir:  "/var/lib/motcua-kiosk/packages",
	Service:      "motcua-kiosk.service",
	HealthWithin: 2 * time.Minute,
	Stable:       20 * time.Second,
	Poll:         2 * time.Second,
	Runner:       ExecRunner{},
	Log:          io.Discard,
}

// Errors a technician can act on.
var (
	ErrNotKiosk   = errors.New("update: the bundle is not a motcua-kiosk package")
	ErrRolledBack = errors.New("update: the new version did not come up healthy; the previous one was put back")
	ErrNoRollback = errors.New("update: the new version did not come up healthy and no previous package was kept")
)

// Install verifies bundle's signature (bundle.sig beside it), installs it
// and keeps it when the service comes up healthy. It returns ErrRolledBack
// when the previous package had to be put back.
func Install(ctx context.Context, bundle string, opts *Opts) error {
	o := withDefaults(opts)
	pub, err := sign.LoadPublicKey(o.PublicKey)
	if err != nil {
		return fmt.Errorf("update: the update key: %w", err)
	}
	// Nothing is touched before the signature holds.
	if err := sign.Verify(pub, bundle, ""); err != nil {
		return fmt.Errorf("update: refused: %w", err)
	}
	fields, err := o.Runner.Run(ctx, "dpkg-deb", "--field", bundle, "Package", "Version", "Architecture")
	if err != nil {
		return fmt.Errorf("update: reading the bundle: %w", err)
	}
	f := parseFields(string(fields))
	if f["Package"] != Package {
		return ErrNotKiosk
	}
	fmt.Fprintf(o.Log, "signature good; installing %s %s (%s)\n", Package, f["Version"], f["Architecture"])

	if err := os.MkdirAll(o.PackagesDir, 0o700); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	current := filepath.Join(o.PackagesDir, "current.deb")
	previous := filepath.Join(o.PackagesDir, "previous.deb")
	staged := filepath.Join(o.PackagesDir, "staged.deb")
	// A copy of our own: the bundle may sit on a USB stick that is pulled
	// out before the health check ends.
	if err := copyFile(bundle, staged); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	restarts, _ := o.restarts(ctx)

	if err := o.dpkgInstall(ctx, staged); err != nil {
		fmt.Fprintf(o.Log, "dpkg failed: %v\n", err)
		return o.rollBack(ctx, current, err)
	}
	if err := o.waitHealthy(ctx, restarts); err != nil {
		fmt.Fprintf(o.Log, "not healthy: %v\n", err)
		return o.rollBack(ctx, current, err)
	}
	if _, err := os.Stat(current); err == nil {
		if err := os.Rename(current, previous); err != nil {
			return fmt.Errorf("update: installed, but keeping the previous package failed: %w", err)
		}
	}
	if err := os.Rename(staged, current); err != nil {
		return fmt.Errorf("update: installed, but keeping the package failed: %w", err)
	}
	fmt.Fprintf(o.Log, "%s %s is installed and healthy\n", Package, f["Version"])
	return nil
}

func (o *Opts) rollBack(ctx context.Context, current string, cause error) error {
	os.Remove(filepath.Join(o.PackagesDir, "staged.deb"))
	if _, err := os.Stat(current); err != nil {
		return fmt.Errorf("%w (%v)", ErrNoRollback, cause)
	}
	fmt.Fprintf(o.Log, "putting the previous package back\n")
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
	if opts.PackagesDir != "" {
		o.PackagesDir = opts.PackagesDir
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
	if opts.Runner != nil {
		o.Runner = opts.Runner
	}
	if opts.Log != nil {
		o.Log = opts.Log
	}
	return o
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".part"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
