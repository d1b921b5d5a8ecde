//go:build !noos

package main

import (
	"errors"
	"image"
)

// The desktop build shows the kiosk in a window (DESIGN §3); --display and
// --input belong to the appliance build.
const (
	applianceBuild = false
	defaultDisplay = ""
	defaultInput   = ""
)

// selftestDisplay: the desktop build has no framebuffer to test.
func selftestDisplay(spec string, rotation int) (size image.Point, where, detail string, err error) {
	return size, spec, "", errSelftestNoDisplay
}

// errSelftestNoDisplay is the desktop build's answer to --display.
var errSelftestNoDisplay = errors.New("the desktop build has no framebuffer; build with -tags noos")
