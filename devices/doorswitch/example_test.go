package doorswitch_test

import (
	"fmt"
	"log"
	"time"

	"github.com/motcua/kiosk/devices/doorswitch"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

func Example() {
	// On a kiosk the board hands over GPIO27 from gpioreg.ByName; a
	// gpiotest.Pin stands in for it so the example runs anywhere.
	p := &gpiotest.Pin{N: "GPIO27", Num: 27, EdgesChan: make(chan gpio.Level, 4)}
	dev, err := doorswitch.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer dev.Halt()

	// The door is shut, then someone opens it and the contact bounces.
	for _, edges := range [][]gpio.Level{
		{gpio.Low},
		{gpio.High, gpio.Low, gpio.High},
	} {
		for _, l := range edges {
			p.EdgesChan <- l
		}
		if open, changed := dev.WaitForChange(time.Second); changed {
			fmt.Println(dev, "open:", open)
		}
	}
	// Output:
	// DoorSwitch{GPIO27(27)} open: false
	// DoorSwitch{GPIO27(27)} open: true
}
