//go:build !linux

package evdev

import (
	"context"
	"errors"
	"log/slog"
)

// DefaultDir is where Linux keeps its input devices.
const DefaultDir = "/dev/input"

var errNotLinux = errors.New("evdev: input devices need Linux")

// Device is an input device; only Linux has them.
type Device struct{}

// Open fails: only Linux has input devices.
func Open(path string) (*Device, error) { return nil, errNotLinux }

// Inputs reads a kiosk's inputs; only on Linux.
type Inputs struct {
	Sources []Source
	Auto    bool
	Dir     string
	Touch   TouchOpts
	OnTouch func(Contact)
	OnScan  func(code string)
	OnOpen  func(path string, kind Kind, err error)
	Log     *slog.Logger
}

// Run fails: only Linux has input devices.
func (in *Inputs) Run(ctx context.Context) error { return errNotLinux }
