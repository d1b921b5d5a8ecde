// Command bme280smoketest reads a BME280 on a real kiosk a few times and
// prints the readings. With -record it also prints the I²C traffic as Go
// source, ready to paste into a test fixture of package bme280.
//
// It needs the hardware, so CI only builds it:
//
//	bme280smoketest -bus 1 -addr 0x76 -n 3 -record
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/motcua/kiosk/devices/bme280"
	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/i2c/i2creg"
	"periph.io/x/conn/v3/i2c/i2ctest"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/host/v3"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bme280smoketest:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("bme280smoketest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	busName := fs.String("bus", "", "I²C bus to use (default: the first one)")
	addr := i2c.Addr(bme280.Addr)
	fs.Var(&addr, "addr", "I²C address: 0x76, or 0x77 when SDO is tied high")
	n := fs.Int("n", 3, "number of readings")
	interval := fs.Duration("interval", time.Second, "time between readings")
	record := fs.Bool("record", false, "print the I²C traffic as Go source for a test fixture")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	if _, err := host.Init(); err != nil {
		return err
	}
	b, err := i2creg.Open(*busName)
	if err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, b.Close())
	}()
	var bus i2c.Bus = b
	if *record {
		rec := &i2ctest.Record{Bus: b}
		bus = rec
		// Print the traffic even when the chip misbehaves: that is
		// exactly the fixture a failing test wants.
		defer writeOps(stdout, rec)
	}

	dev, err := bme280.New(bus, uint16(addr), nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, dev)
	for i := range *n {
		if i > 0 {
			time.Sleep(*interval)
		}
		var e physic.Env
		if err := dev.Sense(&e); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s %s %s\n", e.Temperature, e.Pressure, e.Humidity)
	}
	return dev.Halt()
}

// writeOps prints the recorded transactions as a []i2ctest.IO literal.
func writeOps(w io.Writer, rec *i2ctest.Record) {
	rec.Lock()
	defer rec.Unlock()
	fmt.Fprintln(w, "[]i2ctest.IO{")
	for _, op := range rec.Ops {
		fmt.Fprintf(w, "\t{Addr: %#x", op.Addr)
		if len(op.W) != 0 {
			fmt.Fprintf(w, ", W: %s", bytesLiteral(op.W))
		}
		if len(op.R) != 0 {
			fmt.Fprintf(w, ", R: %s", bytesLiteral(op.R))
		}
		fmt.Fprintln(w, "},")
	}
	fmt.Fprintln(w, "}")
}

func bytesLiteral(b []byte) string {
	s := "[]byte{"
	for i, v := range b {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("0x%02X", v)
	}
	return s + "}"
}
