package code

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/kiosk/firmware"
)

// Length limits of a code.
const (
	MinLen = 6
	MaxLen = 40
)

// queryKeys are the query parameters a receipt URL may carry the code in, in
// order of preference.
var queryKeys = []string{"code", "mahoso", "ma_ho_so", "id"}

// Parse returns the normalised dossier code in input, or an EINVALID
// *firmware.Error whose message says what is wrong without quoting input.
func Parse(input string) (string, error) {
	s := strings.TrimSpace(norm.NFC.String(input))
	if s == "" {
		return "", firmware.Errorf(firmware.EINVALID, "code: empty")
	}
	if isURL(s) {
		var err error
		if s, err = fromURL(s); err != nil {
			return "", err
		}
	}
	return validate(normalise(s))
}

// isURL tells a receipt URL from a bare code. A bare code may hold '/' and
// '.', so only a scheme or a query marks a URL.
func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.Contains(s, "?")
}

func fromURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", firmware.Errorf(firmware.EINVALID, "code: unreadable URL")
	}
	q := u.Query()
	for _, k := range queryKeys {
		if v := q.Get(k); strings.TrimSpace(v) != "" {
			return v, nil
		}
		// Keys are matched without regard to case: receipts print MaHoSo too.
		for qk, vs := range q {
			if strings.EqualFold(qk, k) && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
				return vs[0], nil
			}
		}
	}
	p := strings.TrimRight(u.Path, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return "", firmware.Errorf(firmware.EINVALID, "code: URL holds no code")
	}
	return p, nil
}

// normalise removes every space and upper-cases ASCII letters only: a
// Unicode upper-casing would turn 'ı' or 'ſ' into ASCII letters and accept
// text that is not a code.
func normalise(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func validate(s string) (string, error) {
	n := len([]rune(s))
	if n < MinLen {
		return "", firmware.Errorf(firmware.EINVALID, "code: %d characters, fewer than %d", n, MinLen)
	}
	if n > MaxLen {
		return "", firmware.Errorf(firmware.EINVALID, "code: %d characters, more than %d", n, MaxLen)
	}
	for i := 0; i < len(s); i++ {
		if !Allowed(rune(s[i])) || s[i] >= 0x80 {
			return "", firmware.Errorf(firmware.EINVALID, "code: character at position %d is not A-Z, 0-9, '.', '-', '_' or '/'", i+1)
		}
	}
	return s, nil
}

// Allowed reports whether r may appear in a normalised code.
func Allowed(r rune) bool {
	return 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '-' || r == '_' || r == '/'
}
