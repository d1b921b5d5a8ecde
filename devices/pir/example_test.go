package pir_test

import (
	"fmt"
	"log"
	"time"

	"github.com/motcua/kiosk/devices/pir"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

func Example() {
	// On a kiosk the board hands over GPIO17 from gpioreg.ByName; a
	// gpiotest.Pin stands in for it so the example runs anywhere.
	p := &gpiotest.Pin{N: "GPIO17", Num: 17, EdgesChan: make(chan gpio.Level, 2)}
	dev, err := pir.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer dev.Halt()

	// Someone walks up: the sensor's output rises and stays high.
	p.EdgesChan <- gpio.High

	// The kiosk's loop waits in short steps so that it can stop between them.
	for i := 0; i < 10; i++ {
		if dev.WaitForMotion(time.Second) {
			fmt.Println(dev, "motion:", dev.Motion())
			break
		}
	}
	// Output:
	// PIR{GPIO17(17)} motion: true
}
