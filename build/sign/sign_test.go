package sign

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func keyPair(t *testing.T, name string) (ed25519.PublicKey, ed25519.PrivateKey, string) {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), name)
	pub, err := GenerateKeyFiles(prefix, nil)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := LoadPrivateKey(prefix + ".key")
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv, prefix
}

func bundle(t *testing.T, size int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kiosk-1.2.3-arm64.bundle")
	data := bytes.Repeat([]byte("motcua-kiosk update bundle "), size/27+1)[:size]
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKeyFiles(t *testing.T) {
	pub, priv, prefix := keyPair(t, "release")
	fi, err := os.Stat(prefix + ".key")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(prefix + ".pub"); fi.Mode().Perm() != 0o644 {
		t.Errorf("pub file mode %04o, want 0644", fi.Mode().Perm())
	}
	loaded, err := LoadPublicKey(prefix + ".pub")
	if err != nil || !loaded.Equal(pub) || !priv.Public().(ed25519.PublicKey).Equal(pub) {
		t.Fatalf("keys do not round-trip: %v", err)
	}
	keyPEM, _ := os.ReadFile(prefix + ".key")
	if !strings.HasPrefix(string(keyPEM), "-----BEGIN PRIVATE KEY-----\n") {
		t.Errorf("key file is not PEM PKCS#8:\n%s", keyPEM)
	}
	if _, err := GenerateKeyFiles(prefix, nil); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("GenerateKeyFiles over an existing key = %v", err)
	}
	if len(KeyID(pub)) != 16 {
		t.Errorf("KeyID = %q", KeyID(pub))
	}
}

func TestLoadKeyRefusals(t *testing.T) {
	_, _, prefix := keyPair(t, "k")
	if err := os.Chmod(prefix+".key", 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPrivateKey(prefix + ".key"); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("LoadPrivateKey(0644) = %v", err)
	}
	os.Chmod(prefix+".key", 0o600)
	if _, err := LoadPrivateKey(prefix + ".pub"); err == nil {
		t.Error("LoadPrivateKey accepted a .pub (its mode is 0644 anyway)")
	}
	os.Chmod(prefix+".pub", 0o600)
	if _, err := LoadPrivateKey(prefix + ".pub"); err == nil || !strings.Contains(err.Error(), "public key") {
		t.Errorf("LoadPrivateKey(.pub) = %v", err)
	}
	if _, err := LoadPublicKey(prefix + ".key"); err == nil || !strings.Contains(err.Error(), "private key") {
		t.Errorf("LoadPublicKey(.key) = %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.pub")
	os.WriteFile(junk, []byte("ssh-ed25519 AAAA"), 0o644)
	if _, err := LoadPublicKey(junk); err == nil || !strings.Contains(err.Error(), "not a PEM public key") {
		t.Errorf("LoadPublicKey(junk) = %v", err)
	}
}

func TestSignVerify(t *testing.T) {
	pub, priv, _ := keyPair(t, "release")
	b := bundle(t, 3<<20+17)
	sig, err := SignFile(priv, b)
	if err != nil {
		t.Fatal(err)
	}
	if sig != b+".sig" {
		t.Errorf("signature at %s", sig)
	}
	if err := Verify(pub, b, ""); err != nil {
		t.Fatalf("Verify(good) = %v", err)
	}
	text, _ := os.ReadFile(sig)
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	if len(lines) != 6 || lines[0] != "motcua-kiosk signature v1" || lines[1] != "algorithm ed25519-sha256" ||
		lines[2] != "key-id "+KeyID(pub) || lines[3] != "size 3145745" {
		t.Errorf("signature file:\n%s", text)
	}
	// Signing again gives a file that verifies too (Ed25519 is deterministic).
	if _, err := SignFile(priv, b); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(sig); !bytes.Equal(again, text) {
		t.Error("signing twice gave different files")
	}
}

func TestVerifyRefuses(t *testing.T) {
	pub, priv, _ := keyPair(t, "release")
	otherPub, _, _ := keyPair(t, "other")
	good := bundle(t, 100000)
	if _, err := SignFile(priv, good); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(good)
	sigText, _ := os.ReadFile(good + ".sig")

	variant := func(name string, bundleData, sig []byte) string {
		dir := t.TempDir()
		p := filepath.Join(dir, name)
		os.WriteFile(p, bundleData, 0o644)
		if sig != nil {
			os.WriteFile(p+".sig", sig, 0o644)
		}
		return p
	}
	flipped := bytes.Clone(data)
	flipped[5000] ^= 1
	_, otherPriv, _ := keyPair(t, "third")
	otherSig, _ := Sign(otherPriv, bytes.NewReader(data))
	forged, _ := ParseSignature(sigText)
	forged.Signature = otherSig.Signature // right key id, wrong signature
	v2 := bytes.Replace(sigText, []byte("signature v1"), []byte("signature v2"), 1)
	badAlgo := bytes.Replace(sigText, []byte("ed25519-sha256"), []byte("rsa-sha1"), 1)

	tests := []struct {
		name  string
		pub   ed25519.PublicKey
		path  string
		want  error
		words string
	}{
		{"tampered bundle", pub, variant("b", flipped, sigText), ErrModified, "changed after it was signed"},
		{"truncated bundle", pub, variant("b", data[:len(data)-1], sigText), ErrModified, "truncated"},
		{"grown bundle", pub, variant("b", append(bytes.Clone(data), 'x'), sigText), ErrModified, "added"},
		{"missing signature", pub, variant("b", data, nil), ErrUnsigned, "kioskctl sign"},
		{"wrong key", otherPub, good, ErrWrongKey, "not with this public key"},
		{"forged signature", pub, variant("b", data, forged.Marshal()), ErrBadSignature, "altered or forged"},
		{"newer format", pub, variant("b", data, v2), ErrFormat, `format "v2" is not known`},
		{"unknown algorithm", pub, variant("b", data, badAlgo), ErrFormat, "rsa-sha1"},
		{"empty signature file", pub, variant("b", data, []byte{}), ErrFormat, "empty"},
		{"garbage signature file", pub, variant("b", data, []byte("hello\n")), ErrFormat, "does not start with"},
		{"truncated signature file", pub, variant("b", data, sigText[:len(sigText)-20]), ErrFormat, "signature is not 64 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.pub, tt.path, "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("Verify = %q, want it to say %q", err, tt.words)
			}
		})
	}
}

// The bundle is streamed: Sign reads it through an io.Reader.
func TestSignStreams(t *testing.T) {
	pub, priv, _ := keyPair(t, "k")
	const size = 64 << 20
	s, err := Sign(priv, io.LimitReader(zeros{}, size))
	if err != nil {
		t.Fatal(err)
	}
	if s.Size != size || !ed25519.Verify(pub, message(KeyID(pub), s.Size, s.SHA256), s.Signature) {
		t.Fatalf("Sign(64 MiB stream) = %+v", s)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
