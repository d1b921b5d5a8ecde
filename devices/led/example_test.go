package led_test

import (
	"fmt"
	"log"

	"github.com/motcua/kiosk/devices/led"
	"github.com/motcua/kiosk/firmware"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

func Example() {
	// On a kiosk the board hands over GPIO13 from gpioreg.ByName; a
	// gpiotest.Pin stands in for it so the example runs anywhere.
	p := &gpiotest.Pin{N: "GPIO13", Num: 13}
	portal, err := led.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}

	// The portal is healthy, then degraded.
	if err := portal.Set(firmware.PatternOn); err != nil {
		log.Fatal(err)
	}
	fmt.Println(portal, portal.Pattern(), p.Read())
	if err := portal.Set(firmware.PatternSlowBlink); err != nil {
		log.Fatal(err)
	}
	fmt.Println(portal, portal.Pattern())

	// Shutting down leaves the LED off.
	if err := portal.Halt(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(portal, portal.Pattern(), p.Read())
	// Output:
	// LED{GPIO13(13)} on High
	// LED{GPIO13(13)} slow-blink
	// LED{GPIO13(13)} off Low
}
