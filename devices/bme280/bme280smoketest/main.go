// Command bme280smoketest reads a BME280 on a real kiosk a few times and
// prints the readings. With -record it also prints the I²C traffic as Go
// source, ready to paste into a test fixture of package bme280.
//
// It needs the hardware, so CI only builds it:
//
//	bme280smoketest -bus 1 -addr 0x76 -n 3 -record
package main

import (
	"fmt"
	"io"
	"os"

	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/devices/bme280"
	"github.com/motcua/kiosk/devices/internal/smoketest"
)

var command = smoketest.Command{
	Name:     "bme280smoketest",
	Addr:     bme280.Addr,
	AddrHelp: "0x76, or 0x77 when SDO is tied high",
	Open: func(bus i2c.Bus, addr uint16) (smoketest.Chip, error) {
		return bme280.New(bus, addr, nil)
	},
	Read: func(c smoketest.Chip, w io.Writer) error {
		var e physic.Env
		if err := c.(*bme280.Dev).Sense(&e); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s %s %s\n", e.Temperature, e.Pressure, e.Humidity)
		return nil
	},
}

func main() {
	if err := command.Run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bme280smoketest:", err)
		os.Exit(1)
	}
}
