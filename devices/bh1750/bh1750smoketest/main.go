// Command bh1750smoketest reads a BH1750 on a real kiosk a few times and
// prints the readings. With -record it also prints the I²C traffic as Go
// source, ready to paste into a test fixture of package bh1750.
//
// It needs the hardware, so CI only builds it:
//
//	bh1750smoketest -bus 1 -addr 0x23 -n 3 -record
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/physic"

	"github.com/motcua/kiosk/devices/bh1750"
	"github.com/motcua/kiosk/devices/internal/smoketest"
)

var command = smoketest.Command{
	Name:     "bh1750smoketest",
	Addr:     bh1750.Addr,
	AddrHelp: "0x23, or 0x5c when ADDR is tied high",
	Open: func(bus i2c.Bus, addr uint16) (smoketest.Chip, error) {
		return bh1750.New(bus, addr, nil)
	},
	Read: func(c smoketest.Chip, w io.Writer) error {
		l, err := c.(*bh1750.Dev).SenseLight()
		if err != nil && !errors.Is(err, bh1750.ErrSaturated) {
			return err
		}
		fmt.Fprintf(w, "%.1f lx", float64(l)/float64(physic.Lumen))
		if err != nil {
			fmt.Fprint(w, " (saturated)")
		}
		fmt.Fprintln(w)
		return nil
	},
}

func main() {
	if err := command.Run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bh1750smoketest:", err)
		os.Exit(1)
	}
}
