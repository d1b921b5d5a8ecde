//go:build !linux

package target

import (
	"errors"
	"fmt"
	"os"
)

var errNotLinux = errors.New("block devices are supported on Linux only")

func deviceNumber(string) (uint64, error)         { return 0, errNotLinux }
func blockDeviceSize(string) (int64, error)       { return 0, errNotLinux }
func wholeDisk(dev uint64) uint64                 { return dev }
func RootDisks() ([]string, error)                { return nil, nil }
func DeviceSize(*os.File) (int64, error)          { return 0, errNotLinux }
func DropCache(f *os.File) error                  { return f.Sync() }
func OpenExclusive(path string) (*os.File, error) { return nil, errNotLinux }

func devName(dev uint64) string           { return fmt.Sprint(dev) }
func fileID(os.FileInfo) (uint64, uint64) { return 0, 0 }
func rdev(os.FileInfo) uint64             { return 0 }
func CreateNew(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
}
func OpenExisting(path string) (*os.File, error) { return os.OpenFile(path, os.O_RDWR, 0) }
