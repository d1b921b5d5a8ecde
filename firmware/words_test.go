package firmware_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/kiosk/firmware"
)

// TestWordsComplete: every shared term, kind, score and outcome has words
// in both languages, Vietnamese in NFC and spelling the kiosk "ki-ốt" as
// the screens do.
func TestWordsComplete(t *testing.T) {
	var all []firmware.Words
	for _, term := range firmware.Terms() {
		all = append(all, term.Words())
	}
	kinds := []firmware.EventKind{firmware.KindLookup, firmware.KindProcedure, firmware.KindRating,
		firmware.KindStaff, firmware.KindVisit, firmware.KindTamper}
	for _, k := range kinds {
		all = append(all, k.Words())
	}
	for _, s := range firmware.RatingScores() {
		all = append(all, s.Words())
	}
	codes := []string{firmware.OutcomeOK, firmware.EINVALID, firmware.ENOTFOUND, firmware.ESECRETREQUIRED,
		firmware.ESECRETMISMATCH, firmware.EUNAUTHORIZED, firmware.ERATELIMITED, firmware.EUNAVAILABLE,
		firmware.ETIMEOUT, firmware.EBADANSWER, firmware.EINTERNAL}
	for _, c := range codes {
		w := firmware.OutcomeWords(firmware.KindLookup, c)
		if w.VI == c || w.EN == c {
			t.Errorf("outcome %q has no words", c)
		}
		all = append(all, w)
	}
	for _, w := range all {
		if w.VI == "" || w.EN == "" || w.VI == "?" || w.VI == w.EN {
			t.Errorf("words %+v lack a language", w)
		}
		if !norm.NFC.IsNormalString(w.VI) {
			t.Errorf("%q is not NFC", w.VI)
		}
		if strings.Contains(strings.ToLower(w.VI), "kiosk") {
			t.Errorf("%q: the screens write ki-ốt", w.VI)
		}
		if w.In("en") != w.EN || w.In("vi") != w.VI {
			t.Errorf("In: %+v", w)
		}
	}
	if w := firmware.OutcomeWords(firmware.KindProcedure, firmware.OutcomeOK); w.VI != "Thành công" {
		t.Errorf("a procedure's success: %+v", w)
	}
	if w := firmware.OutcomeWords(firmware.KindRating, "3"); w.VI != "Rất hài lòng" {
		t.Errorf("a rating's outcome: %+v", w)
	}
	if w := firmware.OutcomeWords(firmware.KindLookup, "odd"); w.VI != "odd" {
		t.Errorf("an unknown outcome: %+v", w)
	}
}
