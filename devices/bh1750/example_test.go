package bh1750_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/motcua/kiosk/devices/bh1750"
	"periph.io/x/conn/v3/i2c/i2ctest"
	"periph.io/x/conn/v3/physic"
)

func Example() {
	// On a kiosk the board opens I²C1 with i2creg.Open; this replays a
	// chip's traffic so the example runs anywhere: a low-resolution reading
	// of the datasheet's example count, then a saturated one.
	bus := &i2ctest.Playback{Ops: []i2ctest.IO{
		{Addr: 0x23, W: []byte{0x00}},
		{Addr: 0x23, W: []byte{0x23}},
		{Addr: 0x23, R: []byte{0x83, 0x90}},
		{Addr: 0x23, W: []byte{0x23}},
		{Addr: 0x23, R: []byte{0xFF, 0xFF}},
		{Addr: 0x23, W: []byte{0x00}},
	}}
	defer func() {
		if err := bus.Close(); err != nil {
			log.Fatal(err)
		}
	}()

	dev, err := bh1750.New(bus, bh1750.Addr, &bh1750.Opts{Resolution: bh1750.LowRes})
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		l, err := dev.SenseLight()
		if err != nil && !errors.Is(err, bh1750.ErrSaturated) {
			log.Fatal(err)
		}
		// A saturated reading is still an answer: at least this bright.
		fmt.Printf("%s: %.0f lx (saturated: %t)\n", dev, float64(l)/float64(physic.Lumen), err != nil)
	}
	if err := dev.Halt(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// BH1750{playback(35)}: 28067 lx (saturated: false)
	// BH1750{playback(35)}: 54612 lx (saturated: true)
}
