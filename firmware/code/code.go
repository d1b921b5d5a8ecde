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

// Parser reads what a citizen types or scans. Hosts are the receipt hosts:
// a receipt URL is read only when its scheme is http or https and its host
// is one of them (compared without case, port or trailing dot). With no
// Hosts every URL is refused.
type Parser struct {
	Hosts []string
}

// Parse is Parser{}.Parse: bare codes only, every URL refused.
func Parse(input string) (string, error) { return Parser{}.Parse(input) }

// Parse returns the normalised dossier code in input, or an EINVALID
// *firmware.Error whose message says what is wrong without quoting input.
func (p Parser) Parse(input string) (string, error) {
	s := strings.TrimSpace(norm.NFC.String(input))
	if s == "" {
		return "", firmware.Errorf(firmware.EINVALID, "code: empty")
	}
	if isURL(s) {
		var err error
		if s, err = p.fromURL(s); err != nil {
			return "", err
		}
	}
	return validate(normalise(s))
}

// isURL tells a receipt URL from a bare code. A bare code may hold '/' and
// '.', so only a scheme, "://" or a query marks a URL.
func isURL(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "?")
}

// HostOf returns a host as Parser compares it: lower case, without port,
// brackets or trailing dot. raw may be a host, host:port or a URL.
func HostOf(raw string) string {
	h := strings.TrimSpace(raw)
	if strings.Contains(h, "://") {
		u, err := url.Parse(h)
		if err != nil {
			return ""
		}
		h = u.Host
	}
	if u, err := url.Parse("//" + h); err == nil {
		h = u.Hostname()
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

func (p Parser) receiptHost(host string) bool {
	h := HostOf(host)
	if h == "" {
		return false
	}
	for _, want := range p.Hosts {
		if HostOf(want) == h {
			return true
		}
	}
	return false
}

func (p Parser) fromURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", firmware.Errorf(firmware.EINVALID, "code: unreadable URL")
	}
	if sch := strings.ToLower(u.Scheme); sch != "http" && sch != "https" {
		return "", firmware.Errorf(firmware.EINVALID, "code: a receipt URL must start with http:// or https://")
	}
	if u.User != nil || u.Opaque != "" || !p.receiptHost(u.Host) {
		return "", firmware.Errorf(firmware.EINVALID, "code: the URL is not from a receipt host")
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
	path := strings.TrimRight(u.Path, "/")
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		path = path[i+1:]
	}
	if path == "" {
		return "", firmware.Errorf(firmware.EINVALID, "code: URL holds no code")
	}
	return path, nil
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
	// A code reaches the portal in a URL's path: no segment may be
	// empty or only dots, and no run of '.' or '/' may make one.
	if strings.Contains(s, "..") || strings.Contains(s, "//") {
		return "", firmware.Errorf(firmware.EINVALID, "code: '.' or '/' twice in a row")
	}
	for seg := range strings.SplitSeq(s, "/") {
		if !strings.ContainsFunc(seg, isAlnum) {
			return "", firmware.Errorf(firmware.EINVALID, "code: a part between '/' has no letter or digit")
		}
	}
	return s, nil
}

func isAlnum(r rune) bool { return 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' }

// Allowed reports whether r may appear in a normalised code.
func Allowed(r rune) bool {
	return 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '-' || r == '_' || r == '/'
}
