package kiosk

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// The staff PIN is kept as a bcrypt hash ("$2a$", "$2b$", "$2y$"), as
// HashPIN and kioskctl provision write it, or as an argon2id hash in the
// PHC string format ("$argon2id$v=19$m=…,t=…,p=…$salt$hash"), as a
// province's own tools may (DESIGN §9).
//
// Argon2id's parameters come from the hash, so they are bounded: a PIN
// check may not take more memory or time than a Pi Zero 2 W can spare.
const (
	argonMaxMemoryKiB = 64 << 10 // 64 MiB
	argonMaxTime      = 10
	argonMaxThreads   = 16
)

type argonHash struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

var errPINHash = errors.New(`not a bcrypt hash ("$2b$…") or an argon2id hash ("$argon2id$v=19$m=…,t=…,p=…$salt$hash")`)

// CheckPINHash returns nil when hash is a staff PIN hash the kiosk can
// check, and otherwise says what is wrong with it, without repeating it.
func CheckPINHash(hash string) error {
	switch {
	case strings.HasPrefix(hash, "$argon2id$"):
		_, err := parseArgon2id(hash)
		return err
	case strings.HasPrefix(hash, "$2"):
		if _, err := bcrypt.Cost([]byte(hash)); err != nil {
			return fmt.Errorf("bcrypt hash: %w", err)
		}
		return nil
	}
	return errPINHash
}

// pinMatches reports whether pin matches hash, in time that does not
// depend on how much of it matched.
func pinMatches(hash, pin string) bool {
	if strings.HasPrefix(hash, "$argon2id$") {
		h, err := parseArgon2id(hash)
		if err != nil {
			return false
		}
		got := argon2.IDKey([]byte(pin), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
		return subtle.ConstantTimeCompare(got, h.key) == 1
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin)) == nil
}

func parseArgon2id(hash string) (argonHash, error) {
	var h argonHash
	f := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" {
		return h, errors.New(`argon2id hash: want "$argon2id$v=19$m=…,t=…,p=…$salt$hash"`)
	}
	if f[2] != "v=19" {
		return h, fmt.Errorf("argon2id hash: version %q, want v=19", f[2])
	}
	var seen [3]bool
	var threads uint64
	for _, kv := range strings.Split(f[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return h, fmt.Errorf("argon2id hash: parameter %q is not name=number", kv)
		}
		switch k {
		case "m":
			h.memory, seen[0] = uint32(n), true
		case "t":
			h.time, seen[1] = uint32(n), true
		case "p":
			threads, seen[2] = n, true
		default:
			return h, fmt.Errorf("argon2id hash: unknown parameter %q", k)
		}
	}
	switch {
	case seen != [3]bool{true, true, true}:
		return h, errors.New("argon2id hash: needs m, t and p")
	case threads < 1 || threads > argonMaxThreads:
		return h, fmt.Errorf("argon2id hash: p=%d, want 1 to %d", threads, argonMaxThreads)
	case h.time < 1 || h.time > argonMaxTime:
		return h, fmt.Errorf("argon2id hash: t=%d, want 1 to %d", h.time, argonMaxTime)
	case h.memory < 8*uint32(threads) || h.memory > argonMaxMemoryKiB:
		return h, fmt.Errorf("argon2id hash: m=%d KiB, want %d to %d (64 MiB: a PIN check must fit a Pi's memory)",
			h.memory, 8*threads, argonMaxMemoryKiB)
	}
	h.threads = uint8(threads)
	var err error
	if h.salt, err = base64.RawStdEncoding.DecodeString(f[4]); err != nil || len(h.salt) < 8 {
		return h, errors.New("argon2id hash: the salt is not at least 8 bytes of unpadded base64")
	}
	if h.key, err = base64.RawStdEncoding.DecodeString(f[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return h, errors.New("argon2id hash: the hash is not 16 to 64 bytes of unpadded base64")
	}
	return h, nil
}
