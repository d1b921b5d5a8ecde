package debpkg

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ulikunitz/xz"
)

// Control is the part of a package's control file the update needs.
type Control struct {
	Package      string
	Version      string
	Architecture string
}

// ErrNotDeb is returned for a file that is not a Debian binary package.
var ErrNotDeb = errors.New("debpkg: not a Debian package")

// maxControl bounds the control member, compressed and uncompressed: a
// real one is a few kilobytes.
const maxControl = 1 << 20

// ReadControlFile reads the control fields of the .deb at path.
func ReadControlFile(path string) (Control, error) {
	f, err := os.Open(path)
	if err != nil {
		return Control{}, fmt.Errorf("debpkg: %w", err)
	}
	defer f.Close()
	return ReadControl(f)
}

// ReadControl reads the control fields of the .deb read from r.
func ReadControl(r io.Reader) (Control, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, 8)
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != "!<arch>\n" {
		return Control{}, fmt.Errorf("%w: no ar header", ErrNotDeb)
	}
	first := true
	for {
		name, size, err := arHeader(br)
		if err != nil {
			return Control{}, err
		}
		switch {
		case first && name != "debian-binary":
			return Control{}, fmt.Errorf("%w: the first member is %q, not debian-binary", ErrNotDeb, name)
		case first:
			v := make([]byte, min(size, 16))
			if _, err := io.ReadFull(br, v); err != nil || !strings.HasPrefix(string(v), "2.") {
				return Control{}, fmt.Errorf("%w: format %q is not 2.x", ErrNotDeb, strings.TrimSpace(string(v)))
			}
			size -= int64(len(v))
		case strings.HasPrefix(name, "control.tar"):
			if size > maxControl {
				return Control{}, fmt.Errorf("%w: control member of %d bytes", ErrNotDeb, size)
			}
			return readControlTar(name, io.LimitReader(br, size))
		case strings.HasPrefix(name, "data.tar"):
			return Control{}, fmt.Errorf("%w: data before control", ErrNotDeb)
		}
		first = false
		// Members are padded to an even length.
		if _, err := io.CopyN(io.Discard, br, size+size%2); err != nil {
			return Control{}, fmt.Errorf("%w: truncated", ErrNotDeb)
		}
	}
}

// arHeader reads one 60-byte ar member header.
func arHeader(r io.Reader) (name string, size int64, err error) {
	h := make([]byte, 60)
	if _, err := io.ReadFull(r, h); err != nil {
		return "", 0, fmt.Errorf("%w: no control member", ErrNotDeb)
	}
	if string(h[58:60]) != "`\n" {
		return "", 0, fmt.Errorf("%w: bad ar member header", ErrNotDeb)
	}
	name = strings.TrimSuffix(strings.TrimSpace(string(h[0:16])), "/")
	size, err = strconv.ParseInt(strings.TrimSpace(string(h[48:58])), 10, 64)
	if err != nil || size < 0 {
		return "", 0, fmt.Errorf("%w: bad ar member size", ErrNotDeb)
	}
	return name, size, nil
}

func readControlTar(member string, r io.Reader) (Control, error) {
	var tr io.Reader
	switch member {
	case "control.tar":
		tr = r
	case "control.tar.gz":
		z, err := gzip.NewReader(r)
		if err != nil {
			return Control{}, fmt.Errorf("%w: %s: %v", ErrNotDeb, member, err)
		}
		defer z.Close()
		tr = z
	case "control.tar.xz":
		z, err := xz.NewReader(r)
		if err != nil {
			return Control{}, fmt.Errorf("%w: %s: %v", ErrNotDeb, member, err)
		}
		tr = z
	default:
		return Control{}, fmt.Errorf("debpkg: %s is not read by this version (gzip, xz or none)", member)
	}
	t := tar.NewReader(io.LimitReader(tr, maxControl))
	for {
		h, err := t.Next()
		if err != nil {
			return Control{}, fmt.Errorf("%w: no control file in %s", ErrNotDeb, member)
		}
		if strings.TrimPrefix(h.Name, "./") != "control" || h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(t, 64<<10))
		if err != nil {
			return Control{}, fmt.Errorf("%w: %s: %v", ErrNotDeb, member, err)
		}
		return ParseControl(b)
	}
}

// ParseControl reads Package, Version and Architecture from a control
// file's text; each must be present, once, and a valid value.
func ParseControl(b []byte) (Control, error) {
	var c Control
	seen := map[string]bool{}
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
			continue // continuation lines belong to fields we do not read
		}
		k, v, ok := strings.Cut(string(line), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		var dst *string
		switch strings.ToLower(k) {
		case "package":
			dst = &c.Package
		case "version":
			dst = &c.Version
		case "architecture":
			dst = &c.Architecture
		default:
			continue
		}
		if seen[strings.ToLower(k)] {
			return Control{}, fmt.Errorf("%w: %s given twice", ErrNotDeb, k)
		}
		seen[strings.ToLower(k)] = true
		*dst = v
	}
	if !validName(c.Package) {
		return Control{}, fmt.Errorf("%w: package name %q", ErrNotDeb, c.Package)
	}
	if err := ValidVersion(c.Version); err != nil {
		return Control{}, err
	}
	if !validName(c.Architecture) {
		return Control{}, fmt.Errorf("%w: architecture %q", ErrNotDeb, c.Architecture)
	}
	return c, nil
}

func validName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
