package update

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/build/sign"
)

// fakeSystem plays dpkg and systemd. A "package" is a file whose first line
// names the package and whether that version comes up healthy.
type fakeSystem struct {
	mu        sync.Mutex
	calls     []string
	installed string // first line of the installed package
	restarts  int
	dpkgFails bool
}

func (f *fakeSystem) Run(_ context.Context, name string, args ...string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, name+" "+strings.Join(args, " "))
	switch name {
	case "dpkg-deb":
		b, err := os.ReadFile(args[1])
		if err != nil {
			return nil, err
		}
		pkg, ver, _ := strings.Cut(strings.SplitN(string(b), "\n", 2)[0], " ")
		return fmt.Appendf(nil, "Package: %s\nVersion: %s\nArchitecture: arm64\n", pkg, ver), nil
	case "dpkg":
		if f.dpkgFails {
			return nil, errors.New("dpkg: error processing archive")
		}
		b, err := os.ReadFile(args[len(args)-1])
		if err != nil {
			return nil, err
		}
		f.installed = strings.SplitN(string(b), "\n", 2)[0]
		return nil, nil
	case "systemctl":
		if strings.HasSuffix(f.installed, "broken") {
			f.restarts++ // crash-looping
			return fmt.Appendf(nil, "ActiveState=activating\nSubState=auto-restart\nNRestarts=%d\n", f.restarts), nil
		}
		return fmt.Appendf(nil, "ActiveState=active\nSubState=running\nNRestarts=%d\n", f.restarts), nil
	}
	return nil, fmt.Errorf("unexpected command %s", name)
}

func (f *fakeSystem) ran(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

type env struct {
	dir, pub string
	sys      *fakeSystem
	opts     *Opts
	log      *bytes.Buffer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	if _, err := sign.GenerateKeyFiles(filepath.Join(dir, "update"), rand.Reader); err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir, pub: filepath.Join(dir, "update.pub"), sys: &fakeSystem{installed: "motcua-kiosk 1.0.0"}, log: &bytes.Buffer{}}
	e.opts = &Opts{PublicKey: e.pub, PackagesDir: filepath.Join(dir, "packages"), HealthWithin: 300 * time.Millisecond,
		Stable: 30 * time.Millisecond, Poll: 5 * time.Millisecond, Runner: e.sys, Log: e.log}
	return e
}

// bundle writes a signed fake package.
func (e *env) bundle(t *testing.T, name, firstLine string) string {
	t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(firstLine+"\n"+strings.Repeat("payload ", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	priv, err := sign.LoadPrivateKey(filepath.Join(e.dir, "update.key"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sign.SignFile(priv, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *env) keep(t *testing.T, name, firstLine string) {
	t.Helper()
	os.MkdirAll(e.opts.PackagesDir, 0o700)
	if err := os.WriteFile(filepath.Join(e.opts.PackagesDir, name), []byte(firstLine+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func firstLine(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitN(string(b), "\n", 2)[0]
}

func TestHealthyUpdateIsKept(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "current.deb", "motcua-kiosk 1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", "motcua-kiosk 1.1.0")
	if err := Install(context.Background(), b, e.opts); err != nil {
		t.Fatalf("%v\n%s", err, e.log)
	}
	if e.sys.installed != "motcua-kiosk 1.1.0" {
		t.Fatalf("installed %q", e.sys.installed)
	}
	if got := firstLine(t, filepath.Join(e.opts.PackagesDir, "current.deb")); got != "motcua-kiosk 1.1.0" {
		t.Fatalf("current.deb is %q", got)
	}
	if got := firstLine(t, filepath.Join(e.opts.PackagesDir, "previous.deb")); got != "motcua-kiosk 1.0.0" {
		t.Fatalf("previous.deb is %q", got)
	}
	if e.sys.ran("dpkg --force-confdef --force-confold -i") != 1 {
		t.Fatalf("calls %v", e.sys.calls)
	}
}

func TestUnhealthyUpdateRollsBack(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "current.deb", "motcua-kiosk 1.0.0")
	b := e.bundle(t, "kiosk_1.1.0.deb", "motcua-kiosk 1.1.0-broken")
	err := Install(context.Background(), b, e.opts)
	if !errors.Is(err, ErrRolledBack) {
		t.Fatalf("err %v\n%s", err, e.log)
	}
	if e.sys.installed != "motcua-kiosk 1.0.0" {
		t.Fatalf("after rollback %q is installed", e.sys.installed)
	}
	if got := firstLine(t, filepath.Join(e.opts.PackagesDir, "current.deb")); got != "motcua-kiosk 1.0.0" {
		t.Fatalf("current.deb is %q after a rollback", got)
	}
	if _, err := os.Stat(filepath.Join(e.opts.PackagesDir, "staged.deb")); err == nil {
		t.Fatal("the failed package was left staged")
	}
}

func TestFailedDpkgRollsBack(t *testing.T) {
	e := newEnv(t)
	e.keep(t, "current.deb", "motcua-kiosk 1.0.0")
	e.sys.dpkgFails = true
	b := e.bundle(t, "kiosk_1.1.0.deb", "motcua-kiosk 1.1.0")
	err := Install(context.Background(), b, e.opts)
	// dpkg fails for the old package too here: the technician must hear both.
	if err == nil || !strings.Contains(err.Error(), "failed too") {
		t.Fatalf("err %v", err)
	}
	if e.sys.ran("dpkg --force-confdef --force-confold -i") != 2 {
		t.Fatalf("the rollback was not tried: %v", e.sys.calls)
	}
}

func TestNoPreviousPackage(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "kiosk_1.1.0.deb", "motcua-kiosk 1.1.0-broken")
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrNoRollback) {
		t.Fatalf("err %v", err)
	}
}

func TestTamperedBundleInstallsNothing(t *testing.T) {
	e := newEnv(t)
	b := e.bundle(t, "kiosk_1.1.0.deb", "motcua-kiosk 1.1.0")
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
	if len(e.sys.calls) != 0 {
		t.Fatalf("commands ran for a tampered bundle: %v", e.sys.calls)
	}
	if _, err := os.Stat(e.opts.PackagesDir); err == nil {
		t.Fatal("the packages directory was touched")
	}
}

func TestUnsignedAndWrongKey(t *testing.T) {
	e := newEnv(t)
	p := filepath.Join(e.dir, "unsigned.deb")
	os.WriteFile(p, []byte("motcua-kiosk 9\n"), 0o644)
	if err := Install(context.Background(), p, e.opts); !errors.Is(err, sign.ErrUnsigned) {
		t.Fatalf("unsigned: %v", err)
	}
	b := e.bundle(t, "kiosk_1.1.0.deb", "motcua-kiosk 1.1.0")
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
	b := e.bundle(t, "other.deb", "openssh-server 9.2")
	if err := Install(context.Background(), b, e.opts); !errors.Is(err, ErrNotKiosk) {
		t.Fatalf("err %v", err)
	}
	if e.sys.ran("dpkg ") != 0 {
		t.Fatal("dpkg ran for another package")
	}
}
