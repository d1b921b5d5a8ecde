package smoketest

import (
	"bytes"
	"io"
	"testing"

	"periph.io/x/conn/v3/i2c"
	"periph.io/x/conn/v3/i2c/i2ctest"
)

func TestWriteOps(t *testing.T) {
	rec := &i2ctest.Record{Ops: []i2ctest.IO{
		{Addr: 0x76, W: []byte{0xD0}, R: []byte{0x60}},
		{Addr: 0x76, W: []byte{0xE0, 0xB6}},
		{Addr: 0x23, R: []byte{0x83, 0x90}},
	}}
	var out bytes.Buffer
	WriteOps(&out, rec)
	want := "[]i2ctest.IO{\n" +
		"\t{Addr: 0x76, W: []byte{0xD0}, R: []byte{0x60}},\n" +
		"\t{Addr: 0x76, W: []byte{0xE0, 0xB6}},\n" +
		"\t{Addr: 0x23, R: []byte{0x83, 0x90}},\n" +
		"}\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	c := Command{Name: "x", Addr: 0x23, AddrHelp: "0x23",
		Open: func(i2c.Bus, uint16) (Chip, error) { t.Fatal("opened"); return nil, nil },
		Read: func(Chip, io.Writer) error { return nil }}
	for _, args := range [][]string{{"-addr", "nope"}, {"extra"}, {"-n", "x"}} {
		if err := c.Run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("Run(%q) succeeded", args)
		}
	}
}
