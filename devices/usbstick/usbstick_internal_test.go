package usbstick

import (
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/motcua/kiosk/firmware"
)

func TestStickErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&os.PathError{Op: "write", Path: "/media/NGUYEN VAN A/x.csv", Err: syscall.ENOSPC}, "is full"},
		{&os.PathError{Op: "sync", Path: "/media/NGUYEN VAN A/x.csv", Err: syscall.EDQUOT}, "is full"},
		{&os.PathError{Op: "open", Path: "/media/NGUYEN VAN A/x.csv", Err: syscall.EROFS}, "is read-only"},
		{&os.PathError{Op: "open", Path: "/media/NGUYEN VAN A/x.csv", Err: syscall.EACCES}, "is read-only"},
		{&os.LinkError{Op: "rename", Old: "/media/NGUYEN VAN A/a", New: "/media/NGUYEN VAN A/b", Err: syscall.EIO}, "could not be written"},
	} {
		err := stickError(c.err)
		msg := firmware.ErrorMessage(err)
		if firmware.ErrorCode(err) != firmware.EUNAVAILABLE || !strings.Contains(msg, c.want) || strings.Contains(msg, "NGUYEN") {
			t.Errorf("%v → %v", c.err, err)
		}
	}
}
