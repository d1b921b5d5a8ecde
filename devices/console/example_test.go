package console_test

import (
	"log"

	"github.com/motcua/kiosk/devices/console"
)

func Example() {
	// The VT that shares /dev/fb0 on a Pi. Opening it takes root or the tty
	// group, setting its mode root or CAP_SYS_TTY_CONFIG.
	vt, err := console.Open("/dev/tty1")
	if err != nil {
		log.Fatal(err)
	}
	defer vt.Close()
	// No console text and no cursor over the frames from here on.
	if err := vt.SetMode(console.Graphics); err != nil {
		log.Fatal(err)
	}
	// … draw into /dev/fb0 …

	// Give the screen back to the console.
	if err := vt.SetMode(console.Text); err != nil {
		log.Print(err)
	}
}
