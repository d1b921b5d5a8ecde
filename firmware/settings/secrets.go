package settings

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/motcua/kiosk/firmware/kiosk"
)

// Secrets is secrets.toml, the 0600 file beside kiosk.toml: nothing here
// may reach a log, and no problem found in it quotes a value.
type Secrets struct {
	DeviceToken  string `toml:"device_token"`
	HMACKey      string `toml:"hmac_key"` // 64 hex digits
	StaffPINHash string `toml:"staff_pin_hash"`
	AdminToken   string `toml:"admin_token,omitempty"` // the admin endpoint's bearer token
}

// HMACKeyLen is the length of the device's HMAC key in bytes (64 hex
// digits), as HMAC-SHA256 wants it and as provisioning makes it.
const HMACKeyLen = 32

// MinAdminTokenLen is the shortest admin token the admin endpoint takes, in
// bytes (firmware/admin's MinTokenLen, which a test holds equal).
const MinAdminTokenLen = 32

// SecretsPath is the secrets file beside the settings file, or in the data
// directory in demo mode.
func SecretsPath(c Config, dataDir string) string {
	if c.path != "" {
		return filepath.Join(filepath.Dir(c.path), "secrets.toml")
	}
	return filepath.Join(dataDir, "secrets.toml")
}

// LoadSecrets reads the secrets file and returns it with the HMAC key's
// bytes. In demo mode a missing file is made with a fresh key, token and
// the demo PIN; a provisioned kiosk must have one. A file others can read,
// an unknown key or a bad HMAC key are errors: the kiosk does not start.
func LoadSecrets(path string, demo bool) (Secrets, []byte, error) {
	var s Secrets
	if fi, err := os.Stat(path); err == nil {
		if fi.Mode().Perm()&0o077 != 0 {
			return s, nil, fmt.Errorf("secrets %s: readable by others (mode %o), want 0600", path, fi.Mode().Perm())
		}
		md, err := toml.DecodeFile(path, &s)
		if err != nil {
			return s, nil, fmt.Errorf("secrets %s: %w", path, err)
		}
		if u := md.Undecoded(); len(u) > 0 {
			return s, nil, fmt.Errorf("secrets %s: unknown key %q", path, u[0].String())
		}
	} else if errors.Is(err, fs.ErrNotExist) && demo {
		if s, err = newDemoSecrets(path); err != nil {
			return s, nil, err
		}
	} else {
		return s, nil, fmt.Errorf("secrets: %w", err)
	}
	key, err := HMACKey(s.HMACKey)
	if err != nil {
		return s, nil, fmt.Errorf(`secrets %s: "hmac_key" %w`, path, err)
	}
	return s, key, nil
}

// CheckSecrets validates a provisioned kiosk's secrets file as the kiosk
// will read it, naming each key that is wrong and never its value. admin
// says whether the settings turn the admin endpoint on. It tries the weak
// PINs against the PIN's hash, which takes seconds.
func CheckSecrets(path string, admin bool) error {
	s, _, err := LoadSecrets(path, false)
	if err != nil {
		return err
	}
	var p []string
	if err := CheckDeviceToken(s.DeviceToken); err != nil {
		p = append(p, fmt.Sprintf(`"device_token" %v`, err))
	}
	if s.StaffPINHash == "" {
		p = append(p, `"staff_pin_hash" is empty: staff mode cannot open`)
	} else if err := kiosk.CheckPINHash(s.StaffPINHash); err != nil {
		p = append(p, fmt.Sprintf(`"staff_pin_hash" is %v: staff mode cannot open`, err))
	} else if why, weak := kiosk.WeakPINHash(s.StaffPINHash); weak {
		p = append(p, fmt.Sprintf(`"staff_pin_hash" is the hash of %s: choose another PIN (%d to %d digits, no repeats or runs) and provision it again`,
			why, kiosk.MinPINLen, kiosk.MaxPINLen))
	}
	if err := CheckAdminToken(s.AdminToken, admin); err != nil {
		p = append(p, fmt.Sprintf(`"admin_token" %v`, err))
	}
	if len(p) > 0 {
		return fmt.Errorf("secrets %s:\n  %s", path, strings.Join(p, "\n  "))
	}
	return nil
}

// The rules of the secrets' keys, shared with kioskctl provision, which
// names the keys as its profile's [secrets] table does: their errors say
// what is wrong with the key, never its value, and leave naming it to the
// caller.

// CheckDeviceToken is device_token's rule: the portal's token for this
// kiosk, sent in a header, so present and without control characters.
func CheckDeviceToken(t string) error {
	if strings.TrimSpace(t) == "" {
		return errors.New(`is empty: the portal will refuse the kiosk`)
	}
	if strings.ContainsFunc(t, isControl) {
		return errors.New(`holds a control character: the portal will refuse the kiosk`)
	}
	return nil
}

// HMACKey is hmac_key's rule: HMACKeyLen bytes written as hex, as
// provisioning makes it. It returns the key's bytes.
func HMACKey(h string) ([]byte, error) {
	key, err := hex.DecodeString(h)
	if err != nil || len(key) != HMACKeyLen {
		return nil, fmt.Errorf(`must be %d hex digits (%d bytes, e.g. "openssl rand -hex %d")`, 2*HMACKeyLen, HMACKeyLen, HMACKeyLen)
	}
	return key, nil
}

// CheckAdminToken is admin_token's rule, firmware/admin's: none, or at
// least MinAdminTokenLen bytes without spaces; and one when the admin
// endpoint is on (admin).
func CheckAdminToken(t string, admin bool) error {
	switch {
	case t == "" && admin:
		return errors.New(`is empty but "admin.listen" is set: the kiosk will not start`)
	case t != "" && len(t) < MinAdminTokenLen:
		return fmt.Errorf(`is shorter than %d bytes: the admin endpoint will not start (make one with "openssl rand -hex 32")`, MinAdminTokenLen)
	case strings.ContainsFunc(t, func(r rune) bool { return isControl(r) || r == ' ' }):
		return errors.New(`holds a space or a control character: the admin endpoint will not start`)
	}
	return nil
}

// newDemoSecrets writes demo mode's secrets: a fresh key and token, and the
// demo PIN's hash.
func newDemoSecrets(path string) (Secrets, error) {
	var s Secrets
	key := make([]byte, HMACKeyLen)
	token := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return s, err
	}
	if _, err := rand.Read(token); err != nil {
		return s, err
	}
	h, err := kiosk.HashPIN(kiosk.DemoPIN)
	if err != nil {
		return s, err
	}
	s = Secrets{DeviceToken: hex.EncodeToString(token), HMACKey: hex.EncodeToString(key), StaffPINHash: h}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return s, fmt.Errorf("secrets: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return s, fmt.Errorf("secrets: %w", err)
	}
	if err := toml.NewEncoder(f).Encode(s); err != nil {
		f.Close()
		return s, fmt.Errorf("secrets: %w", err)
	}
	return s, f.Close()
}
