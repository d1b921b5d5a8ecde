package bme280_test

import (
	"fmt"
	"log"

	"github.com/motcua/kiosk/devices/bme280"
	"periph.io/x/conn/v3/i2c/i2ctest"
	"periph.io/x/conn/v3/physic"
)

func Example() {
	// On a kiosk the board opens I²C1 with i2creg.Open; this replays a
	// chip's traffic so the example runs anywhere. The calibration and raw
	// readings are the BMP280 datasheet's compensation example.
	bus := &i2ctest.Playback{Ops: []i2ctest.IO{
		{Addr: 0x76, W: []byte{0xD0}, R: []byte{0x60}},
		{Addr: 0x76, W: []byte{0xE0, 0xB6}},
		{Addr: 0x76, W: []byte{0xF3}, R: []byte{0x00}},
		{Addr: 0x76, W: []byte{0x88}, R: []byte{
			0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D, 0x8E, 0x43, 0xD6, 0xD0, 0x0B, 0x27, 0x0B,
			0x8C, 0x00, 0xF9, 0xFF, 0x8C, 0x3C, 0xF8, 0xC6, 0x70, 0x17, 0x00, 0x4B}},
		{Addr: 0x76, W: []byte{0xE1}, R: []byte{0x6A, 0x01, 0x00, 0x13, 0x2F, 0x03, 0x1E}},
		{Addr: 0x76, W: []byte{0xF2, 0x03}},
		{Addr: 0x76, W: []byte{0xF5, 0x00}},
		{Addr: 0x76, W: []byte{0xF4, 0x6C}},
		{Addr: 0x76, W: []byte{0xF4, 0x6D}},
		{Addr: 0x76, W: []byte{0xF3}, R: []byte{0x00}},
		{Addr: 0x76, W: []byte{0xF7}, R: []byte{0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x75, 0x30}},
		{Addr: 0x76, W: []byte{0xF4, 0x6C}},
	}}
	defer func() {
		if err := bus.Close(); err != nil {
			log.Fatal(err)
		}
	}()

	dev, err := bme280.New(bus, bme280.Addr, nil)
	if err != nil {
		log.Fatal(err)
	}
	var e physic.Env
	if err := dev.Sense(&e); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s %s %s\n", dev, e.Temperature, e.Pressure, e.Humidity)
	if err := dev.Halt(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// BME280{playback(118)}: 25.080°C 100.653kPa 52.8%rH
}
