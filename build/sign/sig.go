package sign

import (
	"bufio"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Version 1 of the signature file (see the package documentation).
const (
	magicV1     = "motcua-kiosk signature v1"
	magicPrefix = "motcua-kiosk signature "
	algorithmV1 = "ed25519-sha256"
)

// Ext is appended to a bundle's path to name its signature file.
const Ext = ".sig"

// Why Verify refuses a bundle. Each is wrapped with a sentence for people.
var (
	ErrUnsigned     = errors.New("sign: no signature")
	ErrFormat       = errors.New("sign: unreadable signature file")
	ErrWrongKey     = errors.New("sign: signed with another key")
	ErrModified     = errors.New("sign: bundle differs from what was signed")
	ErrBadSignature = errors.New("sign: bad signature")
)

// Signature is a parsed signature file.
type Signature struct {
	KeyID     string
	Size      int64
	SHA256    [32]byte
	Signature []byte
}

// message is the signed text: the first five lines of the file.
func message(keyID string, size int64, sum [32]byte) []byte {
	return fmt.Appendf(nil, "%s\nalgorithm %s\nkey-id %s\nsize %d\nsha256 %x\n",
		magicV1, algorithmV1, keyID, size, sum)
}

// Marshal returns the signature file's text.
func (s *Signature) Marshal() []byte {
	b := message(s.KeyID, s.Size, s.SHA256)
	return fmt.Appendf(b, "signature %s\n", base64.StdEncoding.EncodeToString(s.Signature))
}

// digest streams r through SHA-256.
func digest(r io.Reader) (int64, [32]byte, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return n, sum, err
}

func digestFile(path string) (int64, [32]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, [32]byte{}, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return 0, [32]byte{}, fmt.Errorf("%s is not a regular file", path)
	}
	return digest(f)
}

// Sign hashes the bundle read from r and signs it with priv.
func Sign(priv ed25519.PrivateKey, r io.Reader) (*Signature, error) {
	size, sum, err := digest(r)
	if err != nil {
		return nil, fmt.Errorf("sign: reading the bundle: %w", err)
	}
	pub := priv.Public().(ed25519.PublicKey)
	s := &Signature{KeyID: KeyID(pub), Size: size, SHA256: sum}
	s.Signature = ed25519.Sign(priv, message(s.KeyID, size, sum))
	return s, nil
}

// SignFile signs the bundle at path and writes path+".sig" (replacing an
// older one), returning the signature file's path.
func SignFile(priv ed25519.PrivateKey, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("sign: bundle: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return "", fmt.Errorf("sign: bundle: %w", err)
	} else if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("sign: bundle %s is not a regular file", path)
	}
	s, err := Sign(priv, f)
	if err != nil {
		return "", err
	}
	sigPath := path + Ext
	tmp := sigPath + ".tmp"
	if err := os.WriteFile(tmp, s.Marshal(), 0o644); err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	if err := os.Rename(tmp, sigPath); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("sign: %w", err)
	}
	return sigPath, nil
}

// ParseSignature reads a signature file's text. It checks the format, not
// the signature.
func ParseSignature(data []byte) (*Signature, error) {
	if len(data) > 4096 {
		return nil, fmt.Errorf("%w: %d bytes, too long for a signature", ErrFormat, len(data))
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrFormat)
	}
	if lines[0] != magicV1 {
		if v, ok := strings.CutPrefix(lines[0], magicPrefix); ok {
			return nil, fmt.Errorf("%w: format %q is not known to this version (it reads v1); update kioskctl/kiosk", ErrFormat, v)
		}
		return nil, fmt.Errorf("%w: it does not start with %q", ErrFormat, magicV1)
	}
	want := []string{"algorithm", "key-id", "size", "sha256", "signature"}
	if len(lines) != 1+len(want) {
		return nil, fmt.Errorf("%w: %d lines, want %d", ErrFormat, len(lines), 1+len(want))
	}
	vals := map[string]string{}
	for i, key := range want {
		k, v, ok := strings.Cut(lines[1+i], " ")
		if !ok || k != key {
			return nil, fmt.Errorf("%w: line %d is %q, want %q", ErrFormat, 2+i, lines[1+i], key+" …")
		}
		vals[k] = v
	}
	if vals["algorithm"] != algorithmV1 {
		return nil, fmt.Errorf("%w: algorithm %q, this version knows %q", ErrFormat, vals["algorithm"], algorithmV1)
	}
	s := &Signature{KeyID: vals["key-id"]}
	if len(s.KeyID) != 16 {
		return nil, fmt.Errorf("%w: key-id %q is not 16 hex digits", ErrFormat, s.KeyID)
	}
	if _, err := hex.DecodeString(s.KeyID); err != nil {
		return nil, fmt.Errorf("%w: key-id %q is not 16 hex digits", ErrFormat, s.KeyID)
	}
	size, err := strconv.ParseInt(vals["size"], 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("%w: size %q is not a byte count", ErrFormat, vals["size"])
	}
	s.Size = size
	sum, err := hex.DecodeString(vals["sha256"])
	if err != nil || len(sum) != 32 {
		return nil, fmt.Errorf("%w: sha256 is not 64 hex digits", ErrFormat)
	}
	copy(s.SHA256[:], sum)
	s.Signature, err = base64.StdEncoding.DecodeString(vals["signature"])
	if err != nil || len(s.Signature) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: the signature is not %d bytes of base64", ErrFormat, ed25519.SignatureSize)
	}
	return s, nil
}

// Verify checks that sigPath is a good signature by pub of the bundle at
// bundlePath; sigPath "" means bundlePath+".sig". It returns nil only then,
// and otherwise an error wrapping ErrUnsigned, ErrFormat, ErrWrongKey,
// ErrModified or ErrBadSignature with a sentence that says what is wrong.
// The bundle is streamed: its size does not matter.
func Verify(pub ed25519.PublicKey, bundlePath, sigPath string) error {
	if len(pub) != ed25519.PublicKeySize {
		return errors.New("sign: verify: no public key")
	}
	if sigPath == "" {
		sigPath = bundlePath + Ext
	}
	data, err := os.ReadFile(sigPath)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s has no signature file %s; sign it with kioskctl sign", ErrUnsigned, bundlePath, sigPath)
	} else if err != nil {
		return fmt.Errorf("sign: verify: %w", err)
	}
	s, err := ParseSignature(data)
	if err != nil {
		return fmt.Errorf("%s: %w", sigPath, err)
	}
	id := KeyID(pub)
	if s.KeyID != id {
		return fmt.Errorf("%w: %s was signed with key %s, not with this public key (%s)", ErrWrongKey, bundlePath, s.KeyID, id)
	}
	size, sum, err := digestFile(bundlePath)
	if err != nil {
		return fmt.Errorf("sign: verify: bundle: %w", err)
	}
	switch {
	case size < s.Size:
		return fmt.Errorf("%w: %s is %d bytes but %d were signed: it is truncated (an interrupted copy?)", ErrModified, bundlePath, size, s.Size)
	case size > s.Size:
		return fmt.Errorf("%w: %s is %d bytes but %d were signed: something was added to it", ErrModified, bundlePath, size, s.Size)
	case sum != s.SHA256:
		return fmt.Errorf("%w: the content of %s changed after it was signed (sha256 %x, signed %x)", ErrModified, bundlePath, sum, s.SHA256)
	}
	if !ed25519.Verify(pub, message(id, size, sum), s.Signature) {
		return fmt.Errorf("%w: %s does not match %s: the signature file was altered or forged", ErrBadSignature, sigPath, bundlePath)
	}
	return nil
}
