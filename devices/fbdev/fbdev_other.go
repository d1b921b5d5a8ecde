//go:build !linux

package fbdev

import "errors"

// Open opens a framebuffer device; only Linux has them.
func Open(path string, opts *Opts) (*Dev, error) {
	return nil, errors.New("fbdev: framebuffer devices need Linux")
}
