package kiosk_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
)

// Hashes of the PIN 2468 made by the reference implementation
// (`echo -n 2468 | argon2 motcuasalt01 -id -t 2 -m 14 -p 1 -e`, Debian's
// argon2 package), as a province's own tools would write them.
const (
	argonSmall = "$argon2id$v=19$m=16384,t=2,p=1$bW90Y3Vhc2FsdDAx$/DYVBq/XLbFlT3Ttuq4sy6v2hwdSnsZjrVI6iko8v7w"
	argon64MiB = "$argon2id$v=19$m=65536,t=3,p=4$bW90Y3Vhc2FsdDAx$z+wd3wR9NkwPJBVlX2UK2qi7yom7Zdz/78CW3OKKtCU"
)

func TestPINHashes(t *testing.T) {
	for _, tc := range []struct{ name, hash string }{
		{"bcrypt", pinHash},
		{"argon2id", argonSmall},
		{"argon2id 64 MiB, 4 lanes", argon64MiB},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := kiosk.CheckPINHash(tc.hash); err != nil {
				t.Fatalf("CheckPINHash: %v", err)
			}
			clock := &fakeClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
			k, err := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: &memLedger{}, HashKey: key,
				PINHash: tc.hash, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			if c := firmware.ErrorCode(k.Staff.CheckPIN("2469")); c != firmware.EUNAUTHORIZED {
				t.Errorf("wrong PIN: %q", c)
			}
			if err := k.Staff.CheckPIN("2468"); err != nil {
				t.Errorf("right PIN: %v", err)
			}
		})
	}
}

func TestBadPINHashes(t *testing.T) {
	swap := func(old, new string) string { return strings.Replace(argonSmall, old, new, 1) }
	for _, tc := range []struct{ hash, says string }{
		{"2468", "not a bcrypt hash"},
		{"$2b$10$tooshort", "bcrypt"},
		{"$argon2i$v=19$m=16384,t=2,p=1$bW90Y3Vhc2FsdDAx$/DYVBq/XLbFlT3Ttuq4sy6v2hwdSnsZjrVI6iko8v7w", "not a bcrypt hash"},
		{swap("v=19", "v=16"), "version"},
		{swap("m=16384", "m=1048576"), "m=1048576 KiB"},
		{swap("t=2", "t=50"), "t=50"},
		{swap("p=1", "p=0"), "p=0"},
		{swap("p=1", "p=300"), "p=300"},
		{swap(",p=1", ""), "needs m, t and p"},
		{swap("t=2", "x=2"), "unknown parameter"},
		{swap("bW90Y3Vhc2FsdDAx", "c2FsdA"), "salt"},
		{swap("/DYVBq/XLbFlT3Ttuq4sy6v2hwdSnsZjrVI6iko8v7w", "!!"), "hash is not"},
		{argonSmall + "$", "want"},
	} {
		err := kiosk.CheckPINHash(tc.hash)
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: %v, want it to say %q", tc.hash, err, tc.says)
			continue
		}
		if len(tc.hash) > 12 && strings.Contains(err.Error(), tc.hash) {
			t.Errorf("the error repeats the hash: %v", err)
		}
		// The kiosk still starts; staff mode says it is not set up.
		var log bytes.Buffer
		k, err := kiosk.New(kiosk.Config{Portal: &fakePortal{}, Ledger: &memLedger{}, HashKey: key,
			PINHash: tc.hash, Clock: &fakeClock{}, Log: slog.New(slog.NewTextHandler(&log, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if c := firmware.ErrorCode(k.Staff.CheckPIN("2468")); c != firmware.EINTERNAL {
			t.Errorf("%q: CheckPIN %q, want internal (not set up)", tc.hash, c)
		}
		if !strings.Contains(log.String(), "staff mode cannot open") {
			t.Errorf("%q: not logged:\n%s", tc.hash, log.String())
		}
	}
}
