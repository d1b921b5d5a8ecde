package main

import (
	"bytes"
	"io"
	"testing"

	"periph.io/x/conn/v3/i2c/i2ctest"
)

func TestWriteOps(t *testing.T) {
	rec := &i2ctest.Record{Ops: []i2ctest.IO{
		{Addr: 0x76, W: []byte{0xD0}, R: []byte{0x60}},
		{Addr: 0x76, W: []byte{0xE0, 0xB6}},
	}}
	var out bytes.Buffer
	writeOps(&out, rec)
	want := "[]i2ctest.IO{\n" +
		"\t{Addr: 0x76, W: []byte{0xD0}, R: []byte{0x60}},\n" +
		"\t{Addr: 0x76, W: []byte{0xE0, 0xB6}},\n" +
		"}\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-addr", "nope"}, {"extra"}} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
