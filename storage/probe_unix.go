//go:build linux || darwin

package storage

import (
	"errors"
	"path/filepath"
	"syscall"

	"github.com/motcua/kiosk/firmware"
)

// probeDisk asks the file system that holds path whether it is read-only
// or full, and returns LedgerAlertNone when it is neither or cannot tell.
func probeDisk(path string) firmware.LedgerAlert {
	if path == "" || path == MemoryPath {
		return firmware.LedgerAlertNone
	}
	dir := filepath.Dir(path)
	if err := syscall.Access(dir, 2 /* W_OK */); errors.Is(err, syscall.EROFS) {
		return firmware.LedgerReadOnly
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err == nil && st.Bavail == 0 {
		return firmware.LedgerDiskFull
	}
	return firmware.LedgerAlertNone
}
