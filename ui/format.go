package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

var weekdays = [7]msgID{msgSunday, msgMonday, msgTuesday, msgWednesday, msgThursday, msgFriday, msgSaturday}

// clockLine is the home screen's date and time: "Thứ Năm, 26/11/2026 · 20:59".
// Minutes only, so the screen changes (and the embedded driver draws) once a
// minute rather than every second.
func clockLine(lang string, t time.Time) string {
	return text(lang, weekdays[t.Weekday()]) + ", " + formatDate(t) + " · " + t.Format("15:04")
}

// formatDate writes a date the Vietnamese way, day first: "05/11/2024".
func formatDate(t time.Time) string { return t.Format("02/01/2006") }

// formatDateTime is formatDate with the time: "05/11/2024 08:12".
func formatDateTime(t time.Time) string { return t.Format("02/01/2006 15:04") }

// formatVND writes an amount in đồng with dots between thousands, as
// Vietnamese receipts do ("8.000 đ"); English gets commas and "VND".
func formatVND(lang string, amount int64) string {
	unit := " đ"
	if lang == langEN {
		unit = " VND"
	}
	return groupDigits(lang, amount) + unit
}

// groupDigits writes n with the language's thousands separator: "1.008"
// in Vietnamese, "1,008" in English.
func groupDigits(lang string, n int64) string {
	sep := "."
	if lang == langEN {
		sep = ","
	}
	digits := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// decimal writes x with one decimal, with the language's decimal mark:
// "31,5" in Vietnamese, "31.5" in English.
func decimal(lang string, x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if lang != langEN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// checkedAgo says how long ago the portal was checked: "kiểm tra 3 phút trước".
func checkedAgo(lang string, checked, now time.Time) string {
	d := now.Sub(checked)
	switch {
	case d < time.Minute:
		return text(lang, msgCheckedJustNow)
	case d < time.Hour:
		return textf(lang, msgCheckedMinutes, int(d/time.Minute))
	case d < 24*time.Hour:
		return textf(lang, msgCheckedHours, int(d/time.Hour))
	}
	return textf(lang, msgCheckedDays, int(d/(24*time.Hour)))
}

// portalLine is the banner text and the tone to draw it in.
func portalLine(lang string, p firmware.PortalState, now time.Time) (string, kiosktheme.Tone) {
	if p.CheckedAt.IsZero() {
		return text(lang, msgPortalUnknown), kiosktheme.ToneNeutral
	}
	var id msgID
	var tone kiosktheme.Tone
	switch {
	case p.State == firmware.HealthOK:
		id, tone = msgPortalOK, kiosktheme.ToneGood
	case p.State == firmware.HealthDegraded:
		id, tone = msgPortalSlow, kiosktheme.ToneWarning
	case p.Err != "":
		id, tone = msgPortalUnreachable, kiosktheme.ToneBad
	default:
		id, tone = msgPortalDown, kiosktheme.ToneBad
	}
	return text(lang, id) + " · " + checkedAgo(lang, p.CheckedAt, now), tone
}

// errorMessage picks the sentence for a lookup failure by its code alone.
func errorMessage(code string) msgID {
	switch code {
	case firmware.EINVALID:
		return msgErrInvalid
	case firmware.ENOTFOUND:
		return msgErrNotFound
	case firmware.ESECRETREQUIRED:
		return msgSecretHint
	case firmware.ESECRETMISMATCH:
		return msgErrSecretMismatch
	case firmware.EUNAVAILABLE:
		return msgErrUnavailable
	case firmware.ETIMEOUT:
		return msgErrTimeout
	case firmware.EBADANSWER:
		return msgErrBadAnswer
	case firmware.EUNAUTHORIZED:
		return msgErrUnauthorized
	case firmware.ERATELIMITED:
		return msgErrRateLimited
	}
	return msgErrInternal
}

// statusName is a status in the screen's language.
func statusName(lang string, s firmware.Status) string {
	if lang == langEN {
		return s.English()
	}
	return s.Vietnamese()
}

func channelName(lang string, c firmware.Channel) string {
	switch c {
	case firmware.ChannelInPerson:
		return text(lang, msgChannelInPerson)
	case firmware.ChannelOnline:
		return text(lang, msgChannelOnline)
	case firmware.ChannelPost:
		return text(lang, msgChannelPost)
	}
	return ""
}

// plural picks the English singular message for n == 1; Vietnamese has no
// plural and both IDs carry the same text.
func plural(n int, one, many msgID) msgID {
	if n == 1 {
		return one
	}
	return many
}
