package firmware

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Channel is how a dossier was submitted.
type Channel string

// Submission channels.
const (
	ChannelInPerson Channel = "truc_tiep"
	ChannelOnline   Channel = "truc_tuyen"
	ChannelPost     Channel = "buu_chinh"
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	return c == ChannelInPerson || c == ChannelOnline || c == ChannelPost
}

// Level is how far a procedure can be done online.
type Level string

// Online levels.
const (
	LevelFull    Level = "toan_trinh" // fully online
	LevelPartial Level = "mot_phan"   // partly online
	LevelInfo    Level = "thong_tin"  // information only
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == LevelFull || l == LevelPartial || l == LevelInfo }

// ProcedureRef names the procedure a dossier belongs to.
type ProcedureRef struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level Level  `json:"level"`
}

// Applicant is who submitted the dossier. Only the masked name is ever shown.
type Applicant struct {
	Name string `json:"name"`
}

// Agency is the office that handles the dossier.
type Agency struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// StatusRef is a dossier's current status as the portal sends it.
type StatusRef struct {
	Code  Status `json:"code"`
	Label string `json:"label"`
}

// HistoryEntry is one step of a dossier's timeline.
type HistoryEntry struct {
	At     time.Time `json:"at"`
	Status Status    `json:"status"`
	Unit   string    `json:"unit"`
	Note   string    `json:"note"`
}

// Fee is one fee or charge on a dossier.
type Fee struct {
	Name      string `json:"name"`
	AmountVND int64  `json:"amount_vnd"`
	Paid      bool   `json:"paid"`
}

// Dossier is an administrative dossier (hồ sơ) as the portal contract v1
// describes it (DESIGN §5).
type Dossier struct {
	Code           string         `json:"code"`
	Procedure      ProcedureRef   `json:"procedure"`
	Applicant      Applicant      `json:"applicant"`
	Agency         Agency         `json:"agency"`
	Channel        Channel        `json:"channel"`
	Status         StatusRef      `json:"status"`
	ReceivedAt     time.Time      `json:"received_at"`
	DueAt          time.Time      `json:"due_at"`
	CompletedAt    *time.Time     `json:"completed_at"`
	ReturnedAt     *time.Time     `json:"returned_at"`
	History        []HistoryEntry `json:"history"`
	Fees           []Fee          `json:"fees"`
	RequiredAction string         `json:"required_action"`
	Pickup         string         `json:"pickup"`
}

// Validate returns an EBADANSWER error naming the first required field that
// is missing or out of range.
func (d *Dossier) Validate() error {
	switch {
	case d.Code == "":
		return Errorf(EBADANSWER, "dossier: code required")
	case d.Procedure.Code == "" || d.Procedure.Name == "":
		return Errorf(EBADANSWER, "dossier: procedure code and name required")
	case d.Procedure.Level != "" && !d.Procedure.Level.Valid():
		return Errorf(EBADANSWER, "dossier: unknown procedure level %q", d.Procedure.Level)
	case !d.Status.Code.Valid():
		return Errorf(EBADANSWER, "dossier: status code %d out of range", int(d.Status.Code))
	case d.Channel != "" && !d.Channel.Valid():
		return Errorf(EBADANSWER, "dossier: unknown channel %q", d.Channel)
	case d.ReceivedAt.IsZero():
		return Errorf(EBADANSWER, "dossier: received_at required")
	case d.DueAt.IsZero():
		return Errorf(EBADANSWER, "dossier: due_at required")
	}
	for i, h := range d.History {
		if h.At.IsZero() || !h.Status.Valid() {
			return Errorf(EBADANSWER, "dossier: history entry %d lacks a time or a valid status", i)
		}
	}
	for i, f := range d.Fees {
		if f.AmountVND < 0 {
			return Errorf(EBADANSWER, "dossier: fee %d is negative", i)
		}
	}
	return nil
}

// Overdue reports whether the dossier is still open and past its promised
// date at now (DESIGN §6).
func (d *Dossier) Overdue(now time.Time) bool {
	return !d.Status.Code.Closed() && now.After(d.DueAt)
}

// DaysLeft returns the whole calendar days from now to the promised date in
// loc: positive when the date is ahead, 0 on the day itself, negative when it
// has passed. Calendar days, not 24-hour spans, are what a receipt promises.
func (d *Dossier) DaysLeft(now time.Time, loc *time.Location) int {
	return calendarDays(now.In(loc), d.DueAt.In(loc))
}

// OverdueDays returns how many calendar days the dossier is overdue at now,
// at least 1 when Overdue is true, and 0 when it is not overdue.
func (d *Dossier) OverdueDays(now time.Time, loc *time.Location) int {
	if !d.Overdue(now) {
		return 0
	}
	if n := -d.DaysLeft(now, loc); n > 0 {
		return n
	}
	return 1
}

// UnpaidVND returns the sum of the fees not paid yet.
func (d *Dossier) UnpaidVND() int64 {
	var sum int64
	for _, f := range d.Fees {
		if !f.Paid {
			sum += f.AmountVND
		}
	}
	return sum
}

func calendarDays(from, to time.Time) int {
	a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// MaskName shows the family name whole and only the initials of the rest
// (DESIGN §8): "Hoàng Thị Lan" becomes "Hoàng T. L.". A one-word name is
// reduced to its initial, so nobody is fully named on screen.
func MaskName(name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return ""
	}
	if len(words) == 1 {
		return initial(words[0])
	}
	out := make([]string, 0, len(words))
	out = append(out, words[0])
	for _, w := range words[1:] {
		out = append(out, initial(w))
	}
	return strings.Join(out, " ")
}

func initial(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + "."
}
