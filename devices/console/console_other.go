//go:build !linux

package console

import "errors"

var errNoVTs = errors.New("console: virtual terminals need Linux")

// Open opens a virtual terminal; only Linux has them.
func Open(path string) (*Dev, error) { return nil, errNoVTs }

// Free names a free virtual terminal; only Linux has them.
func Free() (string, error) { return "", errNoVTs }

func getMode(fd int, name string) (Mode, error) { return 0, errNoVTs }

func setMode(fd int, name string, m Mode) error { return errNoVTs }

func closeFD(fd int) error { return nil }
