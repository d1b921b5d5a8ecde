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

	"github.com/motcua/kiosk/build/debpkg"
)

// Version 2 of the signature file (see the package documentation).
const (
	magicV2     = "motcua-kiosk signature v2"
	magicV1     = "motcua-kiosk signature v1"
	magicPrefix = "motcua-kiosk signature "
	algorithmV2 = "ed25519-sha256"
)

// Ext is appended to a bundle's path to name its signature file.
const Ext = ".sig"

// maxSigFile bounds a signature file: a real one is under 400 bytes.
const maxSigFile = 4096

// Why Verify refuses a bundle. Each is wrapped with a sentence for people.
var (
	ErrUnsigned     = errors.New("sign: no signature")
	ErrFormat       = errors.New("sign: unreadable signature file")
	ErrOldFormat    = errors.New("sign: signature of an older format")
	ErrWrongKey     = errors.New("sign: signed with another key")
	ErrModified     = errors.New("sign: bundle differs from what was signed")
	ErrBadSignature = errors.New("sign: bad signature")
)

// Statement is what a signature vouches for: which package, which
// version for which architecture, and its exact bytes.
type Statement struct {
	Package      string
	Version      string
	Architecture string
	Size         int64
	SHA256       [32]byte
}

// Control returns the statement's package fields.
func (st Statement) Control() debpkg.Control {
	return debpkg.Control{Package: st.Package, Version: st.Version, Architecture: st.Architecture}
}

// Signature is a parsed signature file.
type Signature struct {
	KeyID string
	Statement
	Signature []byte
}

// message is the signed text: every line of the file but the last.
func message(keyID string, st Statement) []byte {
	return fmt.Appendf(nil, "%s\nalgorithm %s\nkey-id %s\npackage %s\nversion %s\narchitecture %s\nsize %d\nsha256 %x\n",
		magicV2, algorithmV2, keyID, st.Package, st.Version, st.Architecture, st.Size, st.SHA256)
}

// Marshal returns the signature file's text.
func (s *Signature) Marshal() []byte {
	b := message(s.KeyID, s.Statement)
	return fmt.Appendf(b, "signature %s\n", base64.StdEncoding.EncodeToString(s.Signature))
}

// Digest streams r through SHA-256 and returns the byte count and sum.
func Digest(r io.Reader) (int64, [32]byte, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return n, sum, err
}

// openRegular opens path for reading and refuses anything but a regular
// file (a FIFO would block, a device has no end).
func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return f, nil
}

// StatementOf reads the .deb at path: its control fields and its digest.
func StatementOf(path string) (Statement, error) {
	f, err := openRegular(path)
	if err != nil {
		return Statement{}, err
	}
	defer f.Close()
	c, err := debpkg.ReadControl(f)
	if err != nil {
		return Statement{}, fmt.Errorf("%s: %w (kioskctl signs the kiosk's .deb packages only)", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Statement{}, err
	}
	size, sum, err := Digest(f)
	if err != nil {
		return Statement{}, err
	}
	return Statement{Package: c.Package, Version: c.Version, Architecture: c.Architecture, Size: size, SHA256: sum}, nil
}

// Sign signs st with priv.
func Sign(priv ed25519.PrivateKey, st Statement) *Signature {
	pub := priv.Public().(ed25519.PublicKey)
	s := &Signature{KeyID: KeyID(pub), Statement: st}
	s.Signature = ed25519.Sign(priv, message(s.KeyID, st))
	return s
}

// SignFile signs the .deb at path and writes path+".sig" (replacing an
// older one), returning the signature file's path.
func SignFile(priv ed25519.PrivateKey, path string) (string, error) {
	st, err := StatementOf(path)
	if err != nil {
		return "", fmt.Errorf("sign: bundle: %w", err)
	}
	s := Sign(priv, st)
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

// ReadSignatureFile reads and parses a signature file, refusing anything
// but a small regular file. It wraps ErrUnsigned when there is none.
func ReadSignatureFile(sigPath, bundlePath string) (*Signature, []byte, error) {
	f, err := openRegular(sigPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w: %s has no signature file %s; sign it with kioskctl sign", ErrUnsigned, bundlePath, sigPath)
	} else if err != nil {
		return nil, nil, fmt.Errorf("sign: verify: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSigFile+1))
	if err != nil {
		return nil, nil, fmt.Errorf("sign: verify: %w", err)
	}
	s, err := ParseSignature(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", sigPath, err)
	}
	return s, data, nil
}

// ParseSignature reads a signature file's text. It checks the format, not
// the signature.
func ParseSignature(data []byte) (*Signature, error) {
	if len(data) > maxSigFile {
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
	if lines[0] != magicV2 {
		if lines[0] == magicV1 {
			return nil, fmt.Errorf("%w: format v1 signs only the bundle's size and hash, not the package's name and version, "+
				"so it could install an older version; re-sign the bundle with this kioskctl (kioskctl sign --key release.key BUNDLE)", ErrOldFormat)
		}
		if v, ok := strings.CutPrefix(lines[0], magicPrefix); ok {
			return nil, fmt.Errorf("%w: format %q is not known to this version (it reads v2); update kioskctl/kiosk", ErrFormat, v)
		}
		return nil, fmt.Errorf("%w: it does not start with %q", ErrFormat, magicV2)
	}
	want := []string{"algorithm", "key-id", "package", "version", "architecture", "size", "sha256", "signature"}
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
	if vals["algorithm"] != algorithmV2 {
		return nil, fmt.Errorf("%w: algorithm %q, this version knows %q", ErrFormat, vals["algorithm"], algorithmV2)
	}
	s := &Signature{KeyID: vals["key-id"]}
	if len(s.KeyID) != 16 {
		return nil, fmt.Errorf("%w: key-id %q is not 16 hex digits", ErrFormat, s.KeyID)
	}
	if _, err := hex.DecodeString(s.KeyID); err != nil {
		return nil, fmt.Errorf("%w: key-id %q is not 16 hex digits", ErrFormat, s.KeyID)
	}
	c, err := debpkg.ParseControl([]byte("Package: " + vals["package"] + "\nVersion: " + vals["version"] + "\nArchitecture: " + vals["architecture"] + "\n"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	s.Package, s.Version, s.Architecture = c.Package, c.Version, c.Architecture
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

// VerifyStatement checks that s is a good signature by pub of the bundle
// named bundle whose measured bytes (size and sum) and control fields are
// got. It never trusts the file's lines: it rebuilds the signed text from
// what was measured and the public key, and checks the signature over
// that; the file's lines only let it say what went wrong.
func VerifyStatement(pub ed25519.PublicKey, s *Signature, bundle string, got Statement) error {
	if len(pub) != ed25519.PublicKeySize {
		return errors.New("sign: verify: no public key")
	}
	id := KeyID(pub)
	if s.KeyID != id {
		return fmt.Errorf("%w: %s was signed with key %s, not with this public key (%s)", ErrWrongKey, bundle, s.KeyID, id)
	}
	switch {
	case got.Size < s.Size:
		return fmt.Errorf("%w: %s is %d bytes but %d were signed: it is truncated (an interrupted copy?)", ErrModified, bundle, got.Size, s.Size)
	case got.Size > s.Size:
		return fmt.Errorf("%w: %s is %d bytes but %d were signed: something was added to it", ErrModified, bundle, got.Size, s.Size)
	case got.SHA256 != s.SHA256:
		return fmt.Errorf("%w: the content of %s changed after it was signed (sha256 %x, signed %x)", ErrModified, bundle, got.SHA256, s.SHA256)
	case got.Control() != s.Control():
		return fmt.Errorf("%w: %s is %s %s (%s) but the signature names %s %s (%s)", ErrBadSignature, bundle,
			got.Package, got.Version, got.Architecture, s.Package, s.Version, s.Architecture)
	}
	if !ed25519.Verify(pub, message(id, got), s.Signature) {
		return fmt.Errorf("%w: the signature does not match %s: the signature file was altered or forged", ErrBadSignature, bundle)
	}
	return nil
}

// Verify checks that sigPath is a good signature by pub of the .deb at
// bundlePath; sigPath "" means bundlePath+".sig". It returns what the
// signature vouches for only then, and otherwise an error wrapping
// ErrUnsigned, ErrFormat, ErrOldFormat, ErrWrongKey, ErrModified or
// ErrBadSignature with a sentence that says what is wrong. The bundle is
// streamed: its size does not matter.
//
// It reads the bundle twice (control, then digest): use it where nobody
// else can change the file in between, such as the signing laptop or a
// root-only copy.
func Verify(pub ed25519.PublicKey, bundlePath, sigPath string) (Statement, error) {
	if len(pub) != ed25519.PublicKeySize {
		return Statement{}, errors.New("sign: verify: no public key")
	}
	if sigPath == "" {
		sigPath = bundlePath + Ext
	}
	s, _, err := ReadSignatureFile(sigPath, bundlePath)
	if err != nil {
		return Statement{}, err
	}
	if s.KeyID != KeyID(pub) {
		return Statement{}, VerifyStatement(pub, s, bundlePath, s.Statement)
	}
	got, err := StatementOf(bundlePath)
	if err != nil {
		if size, sum, derr := digestFile(bundlePath); derr == nil && (size != s.Size || sum != s.SHA256) {
			// Say what changed rather than that it is unreadable.
			return Statement{}, VerifyStatement(pub, s, bundlePath, Statement{Size: size, SHA256: sum})
		}
		return Statement{}, fmt.Errorf("sign: verify: %w", err)
	}
	if err := VerifyStatement(pub, s, bundlePath, got); err != nil {
		return Statement{}, err
	}
	return got, nil
}

func digestFile(path string) (int64, [32]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return 0, [32]byte{}, err
	}
	defer f.Close()
	return Digest(f)
}
