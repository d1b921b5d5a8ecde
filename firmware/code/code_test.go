package code

import (
	"strings"
	"testing"

	"github.com/motcua/kiosk/firmware"
)

// receipts is a Parser with the test's receipt hosts.
var receipts = Parser{Hosts: []string{"dichvucong.backan.gov.vn", "https://x.gov.vn/kiosk"}}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bare", "000.00.13.H06-241105-0042", "000.00.13.H06-241105-0042"},
		{"lower case and spaces", "  000.00.13.h06 - 241105 - 0042\n", "000.00.13.H06-241105-0042"},
		{"tabs and nbsp", "h06\t241105\u00a00042", "H06241105" + "0042"},
		{"slash in bare code", "h06/2024/0042", "H06/2024/0042"},
		{"underscore", "abc_123456", "ABC_123456"},
		{"query code", "https://dichvucong.backan.gov.vn/tra-cuu?code=000.00.13.H06-241105-0042", "000.00.13.H06-241105-0042"},
		{"query mahoso", "https://x.gov.vn/tracuu?lang=vi&mahoso=000.00.13.h06-241105-0042", "000.00.13.H06-241105-0042"},
		{"query ma_ho_so", "http://x.gov.vn/?ma_ho_so=H06-241105-0042", "H06-241105-0042"},
		{"query id", "https://x.gov.vn/p?id=H06-241105-0042&x=1", "H06-241105-0042"},
		{"query key case", "https://x.gov.vn/p?MaHoSo=H06-241105-0042", "H06-241105-0042"},
		{"query preference", "https://x.gov.vn/p?id=AAAAAAA&code=BBBBBBB", "BBBBBBB"},
		{"escaped slash in query", "https://x.gov.vn/p?code=H06%2F2024%2F0042", "H06/2024/0042"},
		{"path segment", "https://x.gov.vn/ho-so/000.00.13.H06-241105-0042", "000.00.13.H06-241105-0042"},
		{"path segment trailing slash", "HTTPS://X.GOV.VN/ho-so/h06-241105-0042/", "H06-241105-0042"},
		{"host in capitals, port, trailing dot", "https://X.GOV.VN.:8443/p?code=H06-241105-0042", "H06-241105-0042"},
		{"dots inside a code", "h06.13/2024/ht-0157", "H06.13/2024/HT-0157"},
		{"www is a bare code", "www.123456", "WWW.123456"},
		{"empty query value falls to path", "https://x.gov.vn/hs/H06-241105-0042?code=", "H06-241105-0042"},
		{"exactly 6", "abc123", "ABC123"},
		{"exactly 40", strings.Repeat("A", 40), strings.Repeat("A", 40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := receipts.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != tt.want {
				t.Fatalf("Parse = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"blank", " \t\n"},
		{"too short", "ab12"},
		{"too long", strings.Repeat("7", 41)},
		{"vietnamese letters", "HỒSƠ-241105"},
		{"combining accent", "HO\u0300SO-241105"},
		{"dotless i upper-cases to I", "h06-ıııı-0042"},
		{"long s upper-cases to S", "h06-ſſſſ-0042"},
		{"fullwidth digits", "１２３４５６７"},
		{"punctuation", "H06-241105;0042"},
		{"url without code", "https://x.gov.vn/"},
		{"url with bad code", "https://x.gov.vn/p?code=%3Cscript%3E"},
		{"emoji", "H06-2411😀"},
		{"dot segments", "../.."},
		{"dot segments in a long code", "H06/../../241105"},
		{"dot segment", "H06/./241105"},
		{"only dots", "......"},
		{"dots in a row", "H06..241105"},
		{"only slashes", "//////"},
		{"slashes in a row", "H06//241105"},
		{"leading slash", "/H06-241105"},
		{"trailing slash", "H06-241105/"},
		{"no letter or digit", "-_-_-_"},
		{"segment without letter or digit", "H06/-_-/241105"},
		{"dot segments in a URL", "https://x.gov.vn/p?code=..%2F..%2F..%2Fadmin"},
		{"query without scheme", "x.gov.vn/tra-cuu?code=H06-241105-0042"},
		{"another host", "https://evil.example/tra-cuu?mahoso=000.00.13.H06-241105-0042"},
		{"a host ending like a receipt host", "https://notx.gov.vn/p?code=H06-241105-0042"},
		{"a receipt host as a subdomain", "https://x.gov.vn.evil.example/p?code=H06-241105-0042"},
		{"user info", "https://x.gov.vn@evil.example/p?code=H06-241105-0042"},
		{"user info naming the receipt host", "https://evil@x.gov.vn/p?code=H06-241105-0042"},
		{"other scheme", "ftp://x.gov.vn/p?code=H06-241105-0042"},
		{"javascript", "javascript://x.gov.vn/%0aalert(1)?code=H06-241105-0042"},
		{"scheme-relative", "//x.gov.vn/p?code=H06-241105-0042"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := receipts.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse accepted %q as %q", tt.in, got)
			}
			if c := firmware.ErrorCode(err); c != firmware.EINVALID {
				t.Fatalf("code %q, want %q", c, firmware.EINVALID)
			}
			if len(tt.in) >= 6 && strings.Contains(err.Error(), strings.TrimSpace(tt.in)) {
				t.Fatalf("refusal repeats the input: %v", err)
			}
		})
	}
}

// Without receipt hosts no URL is read, whatever its host.
func TestParseNoHosts(t *testing.T) {
	for _, in := range []string{
		"https://dichvucong.backan.gov.vn/tra-cuu?mahoso=000.00.13.H06-241105-0042",
		"http://127.0.0.1:8089/p?code=H06-241105-0042",
	} {
		if got, err := Parse(in); err == nil || firmware.ErrorCode(err) != firmware.EINVALID {
			t.Errorf("Parse(%q) = %q, %v; want EINVALID", in, got, err)
		}
	}
	if got, err := Parse("000.00.13.h06-241105-0042"); err != nil || got != "000.00.13.H06-241105-0042" {
		t.Errorf("bare code: %q, %v", got, err)
	}
}

func TestHostOf(t *testing.T) {
	for in, want := range map[string]string{
		"Dichvucong.Backan.gov.vn":                 "dichvucong.backan.gov.vn",
		"portal.example.vn:8443":                   "portal.example.vn",
		"https://portal.example.vn:8443/kiosk?x=1": "portal.example.vn",
		"http://[::1]:8089":                        "::1",
		"example.vn.":                              "example.vn",
		"":                                         "",
	} {
		if got := HostOf(in); got != want {
			t.Errorf("HostOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParse checks that whatever Parse accepts is a valid code, that it is
// stable under a second Parse, and that refusals never quote the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"000.00.13.H06-241105-0042",
		"https://dichvucong.backan.gov.vn/tra-cuu?mahoso=000.00.13.H06-241105-0042",
		"https://x.gov.vn/ho-so/H06-241105-0042/",
		"x.gov.vn/?id=abc_123",
		"h06/2024/0042",
		"HỒSƠ",
		"\u0130stanbul-123",
		"?code=%zz",
		"../..",
		"......",
		"//////",
		"https://evil.example/?code=H06-241105-0042",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := receipts.Parse(in)
		if err != nil {
			if firmware.ErrorCode(err) != firmware.EINVALID {
				t.Fatalf("error code %q", firmware.ErrorCode(err))
			}
			if len(in) >= 8 && strings.Contains(err.Error(), in) {
				t.Fatalf("refusal quotes input")
			}
			return
		}
		if len(got) < MinLen || len(got) > MaxLen {
			t.Fatalf("accepted length %d", len(got))
		}
		for _, r := range got {
			if !Allowed(r) {
				t.Fatalf("accepted rune %q", r)
			}
		}
		if strings.Contains(got, "..") || strings.Contains(got, "//") || strings.HasPrefix(got, "/") ||
			strings.HasSuffix(got, "/") || !strings.ContainsAny(got, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
			t.Fatalf("accepted %q", got)
		}
		again, err := Parse(got)
		if err != nil || again != got {
			t.Fatalf("not stable: %q -> %q, %v", got, again, err)
		}
	})
}
