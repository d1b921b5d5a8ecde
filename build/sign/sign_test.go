package sign

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/kiosk/build/debpkg/debtest"
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
	p := filepath.Join(t.TempDir(), "motcua-kiosk_1.2.3_arm64.deb")
	// Random bytes do not compress: the package is about size bytes.
	payload := make([]byte, size)
	rand.New(rand.NewSource(1)).Read(payload)
	return debtest.Write(t, p, "motcua-kiosk", "1.2.3", "arm64", payload)
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
	st, err := Verify(pub, b, "")
	if err != nil {
		t.Fatalf("Verify(good) = %v", err)
	}
	if st.Package != "motcua-kiosk" || st.Version != "1.2.3" || st.Architecture != "arm64" {
		t.Errorf("Verify vouches for %+v", st)
	}
	fi, _ := os.Stat(b)
	text, _ := os.ReadFile(sig)
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	if len(lines) != 9 || lines[0] != "motcua-kiosk signature v2" || lines[1] != "algorithm ed25519-sha256" ||
		lines[2] != "key-id "+KeyID(pub) || lines[3] != "package motcua-kiosk" || lines[4] != "version 1.2.3" ||
		lines[5] != "architecture arm64" || lines[6] != fmt.Sprintf("size %d", fi.Size()) {
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
	good0, _ := ParseSignature(sigText)
	otherSig := Sign(otherPriv, good0.Statement)
	forged, _ := ParseSignature(sigText)
	forged.Signature = otherSig.Signature // right key id, wrong signature
	v3 := bytes.Replace(sigText, []byte("signature v2"), []byte("signature v3"), 1)
	// The same bytes claimed to be another version.
	relabelled := bytes.Replace(sigText, []byte("version 1.2.3"), []byte("version 9.0.0"), 1)
	// A v1 file (size and hash only), as kioskctl signed before.
	h := sha256.Sum256(data)
	v1msg := fmt.Sprintf("motcua-kiosk signature v1\nalgorithm ed25519-sha256\nkey-id %s\nsize %d\nsha256 %x\n", KeyID(pub), len(data), h)
	v1 := fmt.Appendf(nil, "%ssignature %s\n", v1msg, base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(v1msg))))
	// Another package's bytes under this package's signature.
	otherPkg := debtest.Bytes("motcua-kiosk", "1.2.2", "arm64", data[len(data)/2:])
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
		{"newer format", pub, variant("b", data, v3), ErrFormat, `format "v3" is not known`},
		{"older format", pub, variant("b", data, v1), ErrOldFormat, "re-sign the bundle"},
		{"relabelled version", pub, variant("b", data, relabelled), ErrBadSignature, "the signature names motcua-kiosk 9.0.0"},
		{"another package", pub, variant("b", otherPkg, sigText), ErrModified, "bytes"},
		{"unknown algorithm", pub, variant("b", data, badAlgo), ErrFormat, "rsa-sha1"},
		{"empty signature file", pub, variant("b", data, []byte{}), ErrFormat, "empty"},
		{"garbage signature file", pub, variant("b", data, []byte("hello\n")), ErrFormat, "does not start with"},
		{"truncated signature file", pub, variant("b", data, sigText[:len(sigText)-20]), ErrFormat, "signature is not 64 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Verify(tt.pub, tt.path, "")
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("Verify = %q, want it to say %q", err, tt.words)
			}
		})
	}
}

// The bundle is streamed: Digest reads it through an io.Reader.
func TestDigestStreams(t *testing.T) {
	const size = 64 << 20
	n, sum, err := Digest(io.LimitReader(zeros{}, size))
	if err != nil || n != size {
		t.Fatalf("Digest(64 MiB stream) = %d, %v", n, err)
	}
	if want := sha256.Sum256(make([]byte, size)); sum != want {
		t.Fatal("wrong sum")
	}
}

// Only Debian packages are signed: the signature names the package.
func TestSignRefusesAnythingButADeb(t *testing.T) {
	_, priv, _ := keyPair(t, "k")
	p := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(p, []byte("hello"), 0o644)
	if _, err := SignFile(priv, p); err == nil || !strings.Contains(err.Error(), ".deb packages only") {
		t.Fatalf("SignFile(text) = %v", err)
	}
	if _, err := os.Stat(p + ".sig"); err == nil {
		t.Fatal("a signature was written")
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
