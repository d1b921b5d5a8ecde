package provision

import (
	diskfs "github.com/diskfs/go-diskfs"
	"github.com/diskfs/go-diskfs/disk"
	"github.com/diskfs/go-diskfs/filesystem"
)

type bootHandle struct {
	d  *disk.Disk
	fs filesystem.FileSystem
}

func (b *bootHandle) close() { b.d.Close() }

func openBoot(path string) (*bootHandle, error) {
	d, err := diskfs.Open(path)
	if err != nil {
		return nil, err
	}
	fsys, err := bootPartition(d, path)
	if err != nil {
		d.Close()
		return nil, err
	}
	return &bootHandle{d, fsys}, nil
}
