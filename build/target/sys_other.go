//go:build !linux

package target

import (
	"errors"
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
