package console

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// testVT is a virtual terminal whose mode the tests may set: the one in
// $CONSOLE_TEST_TTY, else a free one (not open, not on the screen). The
// test is skipped when there is none, as on a machine or container without
// VTs or without root; its mode is put back when the test ends.
func testVT(t *testing.T) *Dev {
	t.Helper()
	path := os.Getenv("CONSOLE_TEST_TTY")
	if path == "" {
		var err error
		if path, err = Free(); err != nil {
			t.Skipf("no virtual terminal to test on (set CONSOLE_TEST_TTY=/dev/ttyN to name one): %v", err)
		}
	}
	d, err := Open(path)
	if err != nil {
		t.Skipf("virtual terminal %s cannot be opened: %v", path, err)
	}
	was, err := d.Mode()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// A file of its own: the test may have closed d.
		r, err := Open(path)
		if err == nil {
			err = r.SetMode(was)
			r.Close()
		}
		if err != nil {
			t.Errorf("%s not put back in %v mode: %v", path, was, err)
		}
		d.Close()
	})
	return d
}

// modeOf reads path's mode through a file of its own: the mode must be
// the VT's, not something Dev remembers.
func modeOf(t *testing.T, path string) Mode {
	t.Helper()
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m, err := d.Mode()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSetMode(t *testing.T) {
	d := testVT(t)
	for _, m := range []Mode{Graphics, Graphics, Text, Graphics, Text} {
		if err := d.SetMode(m); err != nil {
			t.Fatalf("SetMode(%v): %v", m, err)
		}
		got, err := d.Mode()
		if err != nil {
			t.Fatal(err)
		}
		if got != m {
			t.Fatalf("%s: Mode() = %v after SetMode(%v)", d, got, m)
		}
		if got := modeOf(t, d.String()); got != m {
			t.Fatalf("%s: KDGETMODE on another file says %v after SetMode(%v)", d, got, m)
		}
	}
	t.Logf("%s: graphics and back to text", d)

	if err := d.SetMode(Mode(3)); err == nil || !strings.Contains(err.Error(), "neither text nor graphics") {
		t.Errorf("SetMode(3) = %v, want a refusal", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := d.Mode(); err == nil {
		t.Error("Mode after Close did not fail")
	}
	if err := d.SetMode(Text); err == nil {
		t.Error("SetMode after Close did not fail")
	}
}

// openPTY opens a pseudo-terminal's two ends and returns the path of its
// terminal end.
func openPTY(t *testing.T) string {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	rc, err := ptmx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var ioErr error
	rc.Control(func(fd uintptr) {
		if ioErr = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); ioErr == nil {
			n, ioErr = unix.IoctlGetInt(int(fd), unix.TIOCGPTN)
		}
	})
	if ioErr != nil {
		t.Fatal(ioErr)
	}
	return fmt.Sprintf("/dev/pts/%d", n)
}

func TestNotVT(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tty1")
	if err := os.WriteFile(file, []byte("not a terminal\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{file, "/dev/null", openPTY(t)} {
		d, err := Open(path)
		if err == nil {
			d.Close()
			t.Errorf("Open(%s) accepted it as a virtual terminal", path)
			continue
		}
		if !errors.Is(err, ErrNotVT) {
			t.Errorf("Open(%s) = %v, want ErrNotVT", path, err)
		}
		if want := "console: " + path + " is not a virtual terminal"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Open(%s) = %q, want it to start with %q", path, err, want)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "not a terminal\n" {
		t.Errorf("Open changed the file: %q", b)
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "tty9"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "console: open ") {
		t.Fatalf("Open of a missing file = %v", err)
	}
}

func TestModeString(t *testing.T) {
	for m, want := range map[Mode]string{Text: "text", Graphics: "graphics", 2: "mode(2)"} {
		if got := m.String(); got != want {
			t.Errorf("Mode(%d) = %q, want %q", int(m), got, want)
		}
	}
}

// TestPermission runs as the kiosk's service does: not root, the VT's
// group among its groups, and CAP_SYS_TTY_CONFIG as its only (ambient)
// capability. It makes its own node of a free VT, root:GROUP 0620 like
// /dev/tty1 on Raspberry Pi OS, and runs this test binary on it as
// nobody: with the group and the capability the mode is set; without the
// capability KDSETMODE is refused with EPERM; without the group the VT does
// not open.
func TestPermission(t *testing.T) {
	if os.Getenv("CONSOLE_TEST_CHILD") != "" {
		t.Skip("in the child")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a device node and switch users")
	}
	vt := testVT(t)
	var st unix.Stat_t
	if err := unix.Stat(vt.String(), &st); err != nil {
		t.Fatal(err)
	}
	const group = 4242 // stands for tty
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	node := filepath.Join(dir, "tty")
	if err := unix.Mknod(node, unix.S_IFCHR|0o620, int(st.Rdev)); err != nil {
		t.Skipf("cannot make a device node: %v", err)
	}
	if err := os.Chown(node, 0, group); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(node, 0o620); err != nil {
		t.Fatal(err)
	}
	if d, err := Open(node); err != nil {
		t.Skipf("device nodes do not open here (a nodev mount?): %v", err)
	} else {
		d.Close()
	}
	bin := filepath.Join(dir, "console.test")
	copyExecutable(t, bin)

	run := func(groups []uint32, caps []uintptr) string {
		cmd := exec.Command(bin, "-test.run=^TestPermissionChild$")
		cmd.Env = append(os.Environ(), "CONSOLE_TEST_CHILD="+node)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Credential:  &syscall.Credential{Uid: 65534, Gid: 65534, Groups: groups},
			AmbientCaps: caps,
		}
		out, _ := cmd.CombinedOutput()
		t.Logf("groups %v, capabilities %v: %s", groups, caps, strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]))
		return string(out)
	}
	if out := run([]uint32{group}, []uintptr{unix.CAP_SYS_TTY_CONFIG}); !strings.Contains(out, "child: graphics, text") {
		t.Errorf("with the group and CAP_SYS_TTY_CONFIG:\n%s", out)
	}
	if out := run([]uint32{group}, nil); !strings.Contains(out, "child: EPERM: console: "+node+
		": setting graphics mode (KDSETMODE) needs CAP_SYS_TTY_CONFIG") {
		t.Errorf("without the capability:\n%s", out)
	}
	if out := run(nil, []uintptr{unix.CAP_SYS_TTY_CONFIG}); !strings.Contains(out, "child: EACCES: console: open "+node) {
		t.Errorf("without the group:\n%s", out)
	}
	if m, err := vt.Mode(); err != nil || m != Text {
		t.Errorf("%s left in %v mode (%v)", vt, m, err)
	}
}

// TestPermissionChild is TestPermission's child: it sets graphics mode
// and text again, and prints what happened.
func TestPermissionChild(t *testing.T) {
	path := os.Getenv("CONSOLE_TEST_CHILD")
	if path == "" {
		t.Skip("run by TestPermission")
	}
	d, err := Open(path)
	if err != nil {
		fmt.Printf("child: %s: %v\n", errName(err), err)
		return
	}
	defer d.Close()
	for _, m := range []Mode{Graphics, Text} {
		if err := d.SetMode(m); err != nil {
			fmt.Printf("child: %s: %v\n", errName(err), err)
			return
		}
		if got, err := d.Mode(); err != nil || got != m {
			fmt.Printf("child: mode %v after setting %v (%v)\n", got, m, err)
			return
		}
	}
	fmt.Println("child: graphics, text")
}

func errName(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return unix.ErrnoName(errno)
	}
	return "?"
}

func copyExecutable(t *testing.T, to string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
