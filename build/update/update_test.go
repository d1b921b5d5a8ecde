package update

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/build/deb"
	"github.com/motcua/kiosk/build/debpkg"
	"github.com/motcua/kiosk/build/debpkg/debtest"
	"github.com/motcua/kiosk/build/sign"
)

// fakeSystem plays dpkg, dpkg-query, systemctl and systemd-run. Packages
// are real (small) .debs; a version with "broken" in it crash-loops.
type fakeSystem struct {
	mu         sync.Mutex
	calls      []string
	installed  string   // version, "" when not installed
	installSum [32]byte // sha256 of the bytes dpkg installed last
	restarts   int
	dpkgFails  bool
	unitActive bool // the transient unit is running
	onQuery    func()
	// systemdRun runs the transient unit; nil: Apply in this process.
	systemdRun func(ctx context.Context, opts *Opts) error
	opts       *Opts
}

func (f *fakeSystem) Run(ctx context.Context, name string, args ...string) ([]byte, error) {
	f.mu.Lock()
	f.calls = append(f.calls, name+" "+strings.Join(args, " "))
	f.mu.Unlock()
	switch name {
	case "dpkg-query":
		if f.onQuery != nil {
			f.onQuery()
		}
		if f.installed == "" {
			return nil, errors.New("dpkg-query: no packages found matching motcua-kiosk")
		}
		return []byte("installed " + f.installed), nil
	case "dpkg":
		if f.dpkgFails {
			return nil, errors.New("dpkg: error processing archive")
		}
		p := args[len(args)-1]
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		c, err := debpkg.ReadControl(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		f.mu.Lock()
		f.installed, f.installSum = c.Version, sha256.Sum256(b)
		f.mu.Unlock()
		return nil, nil
	case "systemctl":
		if args[0] == "is-active" {
			if f.unitActive {
				return nil, nil
			}
			return nil, errors.New("inactive")
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		if strings.Contains(f.installed, "broken") {
			f.restarts++ // crash-looping
			return fmt.Appendf(nil, "ActiveState=activating\nSubState=auto-restart\nNRestarts=%d\n", f.restarts), nil
		}
		return fmt.Appendf(nil, "ActiveState=active\nSubState=running\nNRestarts=%d\n", f.restarts), nil
	case "systemd-run":
		// What systemd would run: the command after "--", with --pub and
		// --state-dir at its end.
		i := strings.Index(strings.Join(args, " "), " -- kiosk update --apply --pub ")
		if i < 0 {
			return nil, fmt.Errorf("unexpected systemd-run %v", args)
		}
		o := *f.opts
		o.PublicKey, o.StateDir = args[len(args)-3], args[len(args)-1]
		run := f.systemdRun
		if run == nil {
			run = func(ctx context.Context, o *Opts) error { return Apply(ctx, o) }
		}
		if err := run(ctx, &o); err != nil {
			return nil, errors.New("systemd-run: exit status 1")
		}
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected command %s", name)
}

func (f *fakeSystem) ran(prefix string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

type env struct {
	dir, pub, state string
	sys             *fakeSystem
	opts            *Opts
	log             *bytes.Buffer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	if _, err := sign.GenerateKeyFiles(filepath.Join(dir, "update"), rand.Reader); err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir, pub: filepath.Join(dir, "update.pub"), state: filepath.Join(dir, "update-state"),
		sys: &fakeSystem{installed: "1.0.0"}, log: &bytes.Buffer{}}
	e.opts = &Opts{PublicKey: e.pub, StateDir: e.state, HealthWithin: 300 * time.Millisecond,
		Stable: 30 * time.Millisecond, Poll: 5 * time.Millisecond, ApplyCommand: []string{"kiosk", "update", "--apply"},
		Runner: e.sys, Log: e.log}
	e.sys.opts = e.opts
	return e
}

// bundle writes a signed package of pkg at version.
func (e *env) bundle(t *testing.T, name, pkg, version string) string {
	t.Helper()
	p := debtest.Write(t, filepath.Join(e.dir, name), pkg, version, "arm64", []byte(strings.Repeat("payload "+version, 1000)))
	e.signFile(t, p)
	return p
}

func (e *env) signFile(t *testing.T, p string) {
	t.Helper()
	priv, err := sign.LoadPrivateKey(filepath.Join(e.dir, "update.key"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sign.SignFile(priv, p); err != nil {
		t.Fatal(err)
	}
}

// keep puts a signed package in the state directory as the installed one.
func (e *env) keep(t *testing.T, version string) {
	t.Helper()
	os.MkdirAll(e.state, 0o700)
	p := debtest.Write(t, filepath.Join(e.state, currentDeb), Package, version, "arm64", []byte("kept "+version))
	e.signFile(t, p)
	e.sys.installed = version
}

func versionOf(t *testing.T, p string) string {
	t.Helper()
	c, err := debpkg.ReadControlFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return c.Version
}

func exists(p string) bool { _, err := os.Lstat(p); return err == nil }

func sum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// Every package dpkg was given lies in the root-only state directory.
func (e *env) dpkgOnlyFromState(t *testing.T) {
	t.Helper()
	for _, c := range e.sys.ran("dpkg ") {
		if !strings.HasPrefix(c[strings.LastIndex(c, " ")+1:], e.state+"/") {
			t.Errorf("dpkg installed from outside %s: %s", e.state, c)
		}
	}
}

func TestHealthyUpdateIsKept(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	if err := Install(context.Background(), b, e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.log)
	}
	if e.sys.installed != "1.1.0" || e.sys.installSum != sum(t, b) {
		t.Fatalf("installed %q", e.sys.installed)
	}
	if got := versionOf(t, filepath.Join(e.state, currentDeb)); got != "1.1.0" {
		t.Fatalf("current.deb is %q", got)
	}
	if got := versionOf(t, filepath.Join(e.state, previousDeb)); got != "1.0.0" {
		t.Fatalf("previous.deb is %q", got)
	}
	pub, _ := sign.LoadPublicKey(e.pub)
	for _, p := range []string{currentDeb, previousDeb} {
		if _, err := sign.Verify(pub, filepath.Join(e.state, p), ""); err != nil {
			t.Errorf("%s is kept without its signature: %v", p, err)
		}
	}
	if exists(filepath.Join(e.state, markerFile)) || exists(filepath.Join(e.state, stagedDeb)) {
		t.Error("the update was not confirmed")
	}
	if n := len(e.sys.ran("dpkg --force-confdef --force-confold -i")); n != 1 {
		t.Fatalf("dpkg ran %d times: %v", n, e.sys.calls)
	}
	e.dpkgOnlyFromState(t)
	run := e.sys.ran("systemd-run ")
	if len(run) != 1 || !strings.Contains(run[0], "--unit="+Unit) || !strings.Contains(run[0], "--collect") || !strings.Contains(run[0], "--wait") {
		t.Fatalf("the install did not run in a transient unit: %v", run)
	}
	if fi, _ := os.Stat(e.state); fi.Mode().Perm() != 0o700 {
		t.Errorf("state directory mode %04o", fi.Mode().Perm())
	}
}

func TestUnhealthyUpdateRollsBack(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0~broken")
	err := Install(context.Background(), b, e.opts)
	if !errors.Is(err, ErrRolledBack) {
		t.Fatalf("err %v\n%s", err, e.log)
	}
	if e.sys.installed != "1.0.0" || e.sys.installSum != sum(t, filepath.Join(e.state, currentDeb)) {
		t.Fatalf("after rollback %q is installed", e.sys.installed)
	}
	if got := versionOf(t, filepath.Join(e.state, currentDeb)); got != "1.0.0" {
		t.Fatalf("current.deb is %q after a rollback", got)
	}
	for _, name := range []string{stagedDeb, stagedDeb + ".sig", markerFile} {
		if exists(filepath.Join(e.state, name)) {
			t.Errorf("%s was left after the rollback", name)
		}
	}
	e.dpkgOnlyFromState(t)
}

func TestFailedDpkgRollsBack(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	e.sys.dpkgFails = true
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	err := Install(context.Background(), b, e.opts)
	// dpkg fails for the old package too here: the technician must hear both.
	if err == nil || !strings.Contains(err.Error(), "failed too") {
		t.Fatalf("err %v", err)
	}
	if n := len(e.sys.ran("dpkg --force-confdef --force-confold -i")); n != 2 {
		t.Fatalf("the rollback was not tried: %v", e.sys.calls)
	}
}

func TestNoPreviousPackage(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0~broken")
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrNoRollback) {
		t.Fatalf("err %v", err)
	}
}

func TestTamperedBundleInstallsNothing(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	f, err := os.OpenFile(b, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("evil")
	f.Close()
	err = Install(context.Background(), b, e.opts)
	if !errors.Is(err, sign.ErrModified) {
		t.Fatalf("err %v", err)
	}
	if len(e.sys.ran("dpkg ")) != 0 || len(e.sys.ran("systemd-run")) != 0 {
		t.Fatalf("commands ran for a tampered bundle: %v", e.sys.calls)
	}
	if exists(filepath.Join(e.state, stagedDeb)) || exists(filepath.Join(e.state, markerFile)) {
		t.Fatal("the refused copy was kept")
	}
}

func TestUnsignedAndWrongKey(t *testing.T) {
	e := newEnv(t)
	p := debtest.Write(t, filepath.Join(e.dir, "unsigned.deb"), Package, "9.0", "arm64", nil)
	if err := Install(context.Background(), p, e.opts); !errors.Is(err, sign.ErrUnsigned) {
		t.Fatalf("unsigned: %v", err)
	}
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	other := newEnv(t)
	e.opts.PublicKey = other.pub
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, sign.ErrWrongKey) {
		t.Fatalf("wrong key: %v", err)
	}
	if len(e.sys.calls) != 0 {
		t.Fatalf("commands ran: %v", e.sys.calls)
	}
}

func TestNotTheKioskPackage(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "other.deb", "openssh-server", "1:9.2")
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrNotKiosk) {
		t.Fatalf("err %v", err)
	}
	if len(e.sys.ran("dpkg ")) != 0 {
		t.Fatal("dpkg ran for another package")
	}
}

// The stick is the kiosk user's: it may change the bundle at any moment
// after the signature was checked. Only the bytes that were checked are
// installed.
func TestBundleSwappedAfterVerification(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	signed := sum(t, b)
	// dpkg-query runs after the check and before the install.
	e.sys.onQuery = func() {
		debtest.Write(t, b, Package, "1.1.0", "arm64", []byte("evil"))
	}
	if err := Install(context.Background(), b, e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.log)
	}
	if sum(t, b) == signed {
		t.Fatal("the test did not swap the bundle")
	}
	if e.sys.installSum != signed {
		t.Fatal("dpkg installed bytes that were not the verified ones")
	}
	if sum(t, filepath.Join(e.state, currentDeb)) != signed {
		t.Fatal("the kept package is not the verified one")
	}
	e.dpkgOnlyFromState(t)
}

// Packages in the kiosk user's own directory, where they used to be kept,
// are never installed, not even to roll back.
func TestPlantedPackagesAreIgnored(t *testing.T) {
	e := newEnv(t)
	legacy := filepath.Join(e.dir, "var-lib-motcua-kiosk", "packages")
	os.MkdirAll(legacy, 0o700)
	for _, name := range []string{"current.deb", "staged.deb", "previous.deb"} {
		debtest.Write(t, filepath.Join(legacy, name), Package, "0.9", "arm64", []byte("planted"))
	}
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0~broken")
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrNoRollback) {
		t.Fatalf("err %v", err)
	}
	for _, c := range e.sys.ran("dpkg ") {
		if strings.Contains(c, legacy) {
			t.Fatalf("a planted package was installed: %s", c)
		}
	}
	e.dpkgOnlyFromState(t)
}

func TestStateDirMustBeRootOnly(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	os.Mkdir(e.state, 0o755)
	os.Chmod(e.state, 0o755)
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrStateDir) || !strings.Contains(err.Error(), "0700") {
		t.Fatalf("a 0755 state directory: %v", err)
	}
	os.Remove(e.state)
	os.Mkdir(filepath.Join(e.dir, "elsewhere"), 0o700)
	os.Symlink(filepath.Join(e.dir, "elsewhere"), e.state)
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrStateDir) {
		t.Fatalf("a symlinked state directory: %v", err)
	}
	if len(e.sys.ran("dpkg ")) != 0 {
		t.Fatal("dpkg ran")
	}
}

// The kept package is checked against its signature before a rollback.
func TestRollbackPackageMustStillVerify(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	f, _ := os.OpenFile(filepath.Join(e.state, currentDeb), os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("changed")
	f.Close()
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0~broken")
	err := Install(context.Background(), b, e.opts)
	if !errors.Is(err, ErrRollbackRefused) || !strings.Contains(err.Error(), "does not verify") ||
		!strings.Contains(err.Error(), "install a signed package by hand") {
		t.Fatalf("err %v", err)
	}
	if n := len(e.sys.ran("dpkg ")); n != 1 {
		t.Fatalf("dpkg ran %d times (the changed package was installed?): %v", n, e.sys.calls)
	}
	if exists(filepath.Join(e.state, markerFile)) {
		t.Error("a refused rollback would be tried again at every boot")
	}
}

func TestOlderOrSameVersionRefused(t *testing.T) {
	for _, v := range []string{"1.0.0", "1.1.0", "1.1.0~rc1", "0.9.9"} {
		t.Run(v, func(t *testing.T) {
			e := newEnv(t)
			e.keep(t, "1.1.0")
			b := e.bundle(t, "kiosk.deb", Package, v)
			err := Install(context.Background(), b, e.opts)
			if !errors.Is(err, ErrNotNewer) || !strings.Contains(err.Error(), "1.1.0 is installed") {
				t.Fatalf("err %v", err)
			}
			if len(e.sys.ran("dpkg ")) != 0 || exists(filepath.Join(e.state, stagedDeb)) || exists(filepath.Join(e.state, markerFile)) {
				t.Fatalf("a refused version left traces: %v", e.sys.calls)
			}
		})
	}
}

// A bundle signed by kioskctl before format v2 names no version.
func TestOldSignatureRefused(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	priv, _ := sign.LoadPrivateKey(filepath.Join(e.dir, "update.key"))
	pub, _ := sign.LoadPublicKey(e.pub)
	data, _ := os.ReadFile(b)
	msg := fmt.Sprintf("motcua-kiosk signature v1\nalgorithm ed25519-sha256\nkey-id %s\nsize %d\nsha256 %x\n", sign.KeyID(pub), len(data), sha256.Sum256(data))
	os.WriteFile(b+".sig", fmt.Appendf(nil, "%ssignature %s\n", msg, base64.StdEncoding.EncodeToString(signEd(priv, msg))), 0o644)
	err := Install(context.Background(), b, e.opts)
	if !errors.Is(err, sign.ErrOldFormat) || !strings.Contains(err.Error(), "re-sign") {
		t.Fatalf("err %v", err)
	}
	if len(e.sys.calls) != 0 {
		t.Fatalf("commands ran: %v", e.sys.calls)
	}
}

// The power fails (or the unit is killed) after dpkg installed the new
// version and before it was confirmed: the boot check puts the kept
// package back.
func TestUnconfirmedUpdateRollsBackAtBoot(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	e.sys.systemdRun = func(ctx context.Context, o *Opts) error {
		writeResultCode(o.StateDir, "running")
		e.sys.Run(ctx, "dpkg", "-i", filepath.Join(o.StateDir, stagedDeb))
		return errors.New("killed")
	}
	err := Install(context.Background(), b, e.opts)
	if err == nil || !strings.Contains(err.Error(), "next boot") {
		t.Fatalf("err %v", err)
	}
	if e.sys.installed != "1.1.0" || !exists(filepath.Join(e.state, markerFile)) {
		t.Fatal("the test did not leave an unconfirmed update")
	}
	// Another update waits for this one to be settled.
	if err := Install(context.Background(), e.bundle(t, "kiosk_1.2.0.deb", Package, "1.2.0"), e.opts); !errors.Is(err, ErrUnconfirmed) {
		t.Fatalf("a second update: %v", err)
	}
	// Not while the install's unit is still at it.
	e.sys.unitActive = true
	if err := Recover(context.Background(), e.opts); !errors.Is(err, ErrUnconfirmed) {
		t.Fatalf("Recover while the unit runs: %v", err)
	}
	e.sys.unitActive = false

	if err := Recover(context.Background(), e.opts); !errors.Is(err, ErrRolledBack) || !strings.Contains(err.Error(), "not confirmed") {
		t.Fatalf("Recover: %v\n%s", err, e.log)
	}
	if e.sys.installed != "1.0.0" || exists(filepath.Join(e.state, markerFile)) {
		t.Fatalf("after Recover %q is installed", e.sys.installed)
	}
	calls := len(e.sys.calls)
	if err := Recover(context.Background(), e.opts); err != nil || len(e.sys.calls) != calls {
		t.Fatalf("Recover with nothing pending: %v, %v", err, e.sys.calls[calls:])
	}
	// A kiosk that never updated has no state directory at all.
	e.opts.StateDir = filepath.Join(e.dir, "none")
	if err := Recover(context.Background(), e.opts); err != nil {
		t.Fatalf("Recover without a state directory: %v", err)
	}
}

func TestTransientUnitDidNotStart(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", Package, "1.1.0")
	e.sys.systemdRun = func(context.Context, *Opts) error { return errors.New("no systemd") }
	err := Install(context.Background(), b, e.opts)
	if err == nil || !strings.Contains(err.Error(), "did not start") {
		t.Fatalf("err %v", err)
	}
	if exists(filepath.Join(e.state, markerFile)) || exists(filepath.Join(e.state, stagedDeb)) {
		t.Fatal("an update that never started is left pending")
	}
}

// A new version must run without a restart for twice the unit's
// watchdog interval before it is kept.
func TestStableCoversTwoWatchdogPeriods(t *testing.T) {
	unit, err := deb.File("motcua-kiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^WatchdogSec=(\S+)$`).FindSubmatch(unit)
	if m == nil {
		t.Fatal("the unit has no WatchdogSec")
	}
	d, err := time.ParseDuration(string(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	if d != WatchdogInterval {
		t.Fatalf("the unit's WatchdogSec is %s, update.WatchdogInterval %s", d, WatchdogInterval)
	}
	if DefaultOpts.Stable < 2*d {
		t.Fatalf("Stable %s is shorter than twice WatchdogSec (%s)", DefaultOpts.Stable, d)
	}
	if DefaultOpts.HealthWithin < DefaultOpts.Stable+30*time.Second {
		t.Fatalf("HealthWithin %s leaves no time to start before Stable %s", DefaultOpts.HealthWithin, DefaultOpts.Stable)
	}
}
