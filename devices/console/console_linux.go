package console

import (
	"errors"
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ioctls from <linux/kd.h> and <linux/vt.h>.
const (
	kdSetMode  = 0x4B3A
	kdGetMode  = 0x4B3B
	vtGetState = 0x5603
)

// Open opens the virtual terminal at path, such as "/dev/tty1", and checks
// that it is one. It returns an error wrapping ErrNotVT when it is not, and
// one wrapping fs.ErrPermission when the caller may not open it.
func Open(path string) (*Dev, error) {
	// Write-only: the tty group may write a VT but not read it. O_NOCTTY:
	// the VT must not become the controlling terminal, whose keyboard could
	// then stop the program (see the package's doc). O_NONBLOCK: opening a
	// serial port named by mistake must fail at the mode check, not wait
	// for a carrier.
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("console: %w", &os.PathError{Op: "open", Path: path, Err: err})
	}
	if _, err := getMode(fd, path); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return &Dev{name: path, fd: fd}, nil
}

func getMode(fd int, name string) (Mode, error) {
	// KDGETMODE stores a C int; unix.IoctlGetInt would read a Go int, 8
	// bytes on 64-bit machines.
	var v int32
	if err := ioctlPtr(fd, kdGetMode, unsafe.Pointer(&v)); err != nil {
		if err == unix.ENOTTY || err == unix.EINVAL {
			return 0, fmt.Errorf("console: %s is %w (KDGETMODE: %w)", name, ErrNotVT, err)
		}
		return 0, fmt.Errorf("console: %s: KDGETMODE: %w", name, err)
	}
	return Mode(v), nil
}

func setMode(fd int, name string, m Mode) error {
	err := unix.IoctlSetInt(fd, kdSetMode, int(m))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EPERM):
		return fmt.Errorf("console: %s: setting %v mode (KDSETMODE) needs CAP_SYS_TTY_CONFIG or the VT as controlling terminal: %w", name, m, err)
	}
	return fmt.Errorf("console: %s: setting %v mode (KDSETMODE): %w", name, m, err)
}

func closeFD(fd int) error { return unix.Close(fd) }

func ioctlPtr(fd int, req uintptr, arg unsafe.Pointer) error {
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
	if errno != 0 {
		return errno
	}
	return nil
}

// Free names a virtual terminal that no program has open and that is not
// on the screen, such as "/dev/tty2": one whose mode may be set without
// anything visible happening, for tests and tools. It asks /dev/tty0 with
// VT_GETSTATE, which knows VTs 1 to 15; opening /dev/tty0 takes root or the
// tty group.
func Free() (string, error) {
	fd, err := unix.Open("/dev/tty0", unix.O_WRONLY|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", fmt.Errorf("console: %w", &os.PathError{Op: "open", Path: "/dev/tty0", Err: err})
	}
	defer unix.Close(fd)
	// struct vt_stat: the foreground VT, a signal, and a bit for each VT
	// in use (bit 0 stands for /dev/tty0 itself).
	var st struct{ active, signal, state uint16 }
	if err := ioctlPtr(fd, vtGetState, unsafe.Pointer(&st)); err != nil {
		return "", fmt.Errorf("console: /dev/tty0: VT_GETSTATE: %w", err)
	}
	for n := 1; n < 16; n++ {
		if n != int(st.active) && st.state&(1<<n) == 0 {
			return fmt.Sprintf("/dev/tty%d", n), nil
		}
	}
	return "", errors.New("console: no free virtual terminal among tty1 to tty15")
}
