package ui

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/kiosk/firmware"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestCatalogComplete(t *testing.T) {
	for id := msgNone + 1; id < msgCount; id++ {
		m := catalog[id]
		if m.vi == "" || m.en == "" {
			t.Errorf("message %d lacks a language: vi %q en %q", id, m.vi, m.en)
			continue
		}
		if !norm.NFC.IsNormalString(m.vi) {
			t.Errorf("message %d is not NFC: %q", id, m.vi)
		}
		if !norm.NFC.IsNormalString(m.en) {
			t.Errorf("message %d (en) is not NFC: %q", id, m.en)
		}
		// The same verbs in the same order, or Sprintf garbles one language.
		if v, e := verb.FindAllString(m.vi, -1), verb.FindAllString(m.en, -1); strings.Join(v, " ") != strings.Join(e, " ") {
			t.Errorf("message %d: verbs %v (vi) vs %v (en)", id, v, e)
		}
		if strings.TrimSpace(m.vi) != m.vi || strings.TrimSpace(m.en) != m.en {
			t.Errorf("message %d has stray spaces", id)
		}
	}
}

// TestVietnameseHasDiacritics guards against text typed without its marks:
// a sentence of Vietnamese words without a single non-ASCII letter is
// almost certainly missing them.
func TestVietnameseHasDiacritics(t *testing.T) {
	ascii := map[msgID]bool{msgLangToggle: true, msgKeyLetters: true, msgKeyDigits: true, msgDone: true, msgFieldCount: true}
	for id := msgNone + 1; id < msgCount; id++ {
		if ascii[id] {
			continue
		}
		s := catalog[id].vi
		hasMark := false
		for _, r := range s {
			if r > 0x7f {
				hasMark = true
				break
			}
		}
		if !hasMark {
			t.Errorf("message %d has no Vietnamese letter: %q", id, s)
		}
	}
}

func TestStatusNamesNFC(t *testing.T) {
	for _, s := range firmware.Statuses() {
		if n := statusName(langVI, s); !norm.NFC.IsNormalString(n) {
			t.Errorf("status %d name not NFC: %q", s, n)
		}
	}
}

func TestEveryErrorCodeHasASentence(t *testing.T) {
	codes := []string{firmware.EINVALID, firmware.ENOTFOUND, firmware.ESECRETREQUIRED, firmware.ESECRETMISMATCH,
		firmware.EUNAVAILABLE, firmware.ETIMEOUT, firmware.EBADANSWER, firmware.EUNAUTHORIZED,
		firmware.ERATELIMITED, firmware.EINTERNAL}
	seen := map[msgID]string{}
	for _, c := range codes {
		id := errorMessage(c)
		if id == msgErrInternal && c != firmware.EINTERNAL {
			t.Errorf("%s falls back to the internal-error sentence", c)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("%s and %s share a sentence", c, other)
		}
		seen[id] = c
	}
}
