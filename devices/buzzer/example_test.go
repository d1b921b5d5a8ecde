package buzzer_test

import (
	"fmt"
	"log"

	"github.com/motcua/kiosk/devices/buzzer"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

func Example() {
	// On a kiosk the board hands over GPIO26 from gpioreg.ByName; a
	// gpiotest.Pin stands in for it so the example runs anywhere.
	p := &gpiotest.Pin{N: "GPIO26", Num: 26}
	bz, err := buzzer.New(p, nil)
	if err != nil {
		log.Fatal(err)
	}

	// A scan was read: one short tone. The call returns at once, with the
	// tone sounding.
	if err := bz.Success(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bz, "sounding:", p.Read())
	// A scan that was not a code: two tones, after the first has ended.
	if err := bz.Error(); err != nil {
		log.Fatal(err)
	}

	// Shutting down silences it at once.
	if err := bz.Halt(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bz, "sounding:", p.Read())
	// Output:
	// Buzzer{GPIO26(26)} sounding: High
	// Buzzer{GPIO26(26)} sounding: Low
}
