// Package smoketest is what the I²C drivers' smoketest commands share, in
// periph's style: the flags, opening the bus on a real kiosk, reading the
// chip a few times, and with -record printing the bus traffic as Go source
// ready to paste into the driver's test fixtures.
package smoketest

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/i2c/i2creg"
	"periph.io/x/conn/v3/i2c/i2ctest"
	"periph.io/x/host/v3"
)

// Chip is an opened driver.
type Chip interface {
	String() string
	Halt() error
}

// Command describes one smoketest.
type Command struct {
	Name     string // the command's name, for its flags
	Addr     uint16 // the chip's default address
	AddrHelp string // what -addr may be
	// Open opens the driver on bus; Read takes one reading and prints it.
	Open func(bus i2c.Bus, addr uint16) (Chip, error)
	Read func(c Chip, w io.Writer) error
}

// Run parses args, opens the bus and reads the chip.
func (c Command) Run(args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	busName := fs.String("bus", "", "I²C bus to use (default: the first one)")
	addr := i2c.Addr(c.Addr)
	fs.Var(&addr, "addr", "I²C address: "+c.AddrHelp)
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
		defer WriteOps(stdout, rec)
	}

	chip, err := c.Open(bus, uint16(addr))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, chip)
	for i := range *n {
		if i > 0 {
			time.Sleep(*interval)
		}
		if err := c.Read(chip, stdout); err != nil {
			return err
		}
	}
	return chip.Halt()
}

// WriteOps prints the recorded transactions as a []i2ctest.IO literal.
func WriteOps(w io.Writer, rec *i2ctest.Record) {
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
	parts := make([]string, len(b))
	for i, v := range b {
		parts[i] = fmt.Sprintf("0x%02X", v)
	}
	return "[]byte{" + strings.Join(parts, ", ") + "}"
}
