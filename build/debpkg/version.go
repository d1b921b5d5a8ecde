package debpkg

import (
	"fmt"
	"strconv"
	"strings"
)

// version is a parsed Debian version: [epoch:]upstream[-revision].
type version struct {
	epoch    uint64
	upstream string
	revision string
}

func parseVersion(s string) (version, error) {
	var v version
	if s == "" || strings.ContainsAny(s, " \t\n") || len(s) > 256 {
		return v, fmt.Errorf("debpkg: version %q is not a Debian version", s)
	}
	rest := s
	if e, r, ok := strings.Cut(s, ":"); ok {
		n, err := strconv.ParseUint(e, 10, 32)
		if err != nil {
			return v, fmt.Errorf("debpkg: version %q: epoch %q is not a number", s, e)
		}
		v.epoch, rest = n, r
	}
	if i := strings.LastIndexByte(rest, '-'); i >= 0 {
		v.upstream, v.revision = rest[:i], rest[i+1:]
		if v.revision == "" {
			return v, fmt.Errorf("debpkg: version %q ends in '-'", s)
		}
	} else {
		v.upstream = rest
	}
	if v.upstream == "" || v.upstream[0] < '0' || v.upstream[0] > '9' {
		return v, fmt.Errorf("debpkg: version %q: the upstream part must start with a digit", s)
	}
	for _, r := range v.upstream {
		if !isAlnum(r) && !strings.ContainsRune(".+~-:", r) {
			return v, fmt.Errorf("debpkg: version %q: %q is not allowed", s, r)
		}
	}
	for _, r := range v.revision {
		if !isAlnum(r) && !strings.ContainsRune(".+~", r) {
			return v, fmt.Errorf("debpkg: version %q: %q is not allowed in the revision", s, r)
		}
	}
	return v, nil
}

func isAlnum(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// ValidVersion reports whether s is a Debian version dpkg accepts.
func ValidVersion(s string) error {
	_, err := parseVersion(s)
	return err
}

// CompareVersions returns -1, 0 or +1 as a is older than, the same as or
// newer than b in dpkg's order. Both must be valid (ValidVersion).
func CompareVersions(a, b string) (int, error) {
	va, err := parseVersion(a)
	if err != nil {
		return 0, err
	}
	vb, err := parseVersion(b)
	if err != nil {
		return 0, err
	}
	switch {
	case va.epoch < vb.epoch:
		return -1, nil
	case va.epoch > vb.epoch:
		return 1, nil
	}
	if c := comparePart(va.upstream, vb.upstream); c != 0 {
		return c, nil
	}
	return comparePart(va.revision, vb.revision), nil
}

// order is dpkg's weight of a character in a non-digit run: '~' sorts
// before the end of the string, letters before everything else.
func order(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return 0
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return int(c)
	case c == '~':
		return -1
	case c != 0:
		return int(c) + 256
	}
	return 0
}

// comparePart is dpkg's verrevcmp.
func comparePart(a, b string) int {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		firstDiff := 0
		for (i < len(a) && !isDigit(a[i])) || (j < len(b) && !isDigit(b[j])) {
			ac, bc := 0, 0
			if i < len(a) {
				ac = order(a[i])
			}
			if j < len(b) {
				bc = order(b[j])
			}
			if ac != bc {
				return sign(ac - bc)
			}
			i++
			j++
		}
		for i < len(a) && a[i] == '0' {
			i++
		}
		for j < len(b) && b[j] == '0' {
			j++
		}
		for i < len(a) && isDigit(a[i]) && j < len(b) && isDigit(b[j]) {
			if firstDiff == 0 {
				firstDiff = int(a[i]) - int(b[j])
			}
			i++
			j++
		}
		if i < len(a) && isDigit(a[i]) {
			return 1
		}
		if j < len(b) && isDigit(b[j]) {
			return -1
		}
		if firstDiff != 0 {
			return sign(firstDiff)
		}
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
