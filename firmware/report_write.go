package firmware

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// ReportCSVHeader returns the first row of WriteReportCSV's output. The
// columns and their order are stable: tools that read many kiosks' reports
// rely on them.
func ReportCSVHeader() []string {
	return []string{"kiosk_id", "from", "to", "metric", "kind", "key", "value", "label"}
}

// WriteReportCSV writes r as CSV (RFC 4180: comma separated, CRLF line ends,
// quotes where needed), one figure a row under ReportCSVHeader():
//
//	events_total                         all uses (every event but visits)
//	visits         visit                 times someone came up to the kiosk
//	cabinet_opened tamper                times the cabinet was opened
//	events         kind  outcome         events of a kind with an outcome
//	dossiers_unique, dossiers_found, dossiers_online, online_share_pct,
//	dossiers_overdue, dossiers_overdue_known, overdue_share_pct
//	rating         rating  1|2|3         ratings by score
//	hour                 00…23           citizens' uses by hour of day
//	portal_observed_seconds, portal_up_seconds, portal_uptime_pct
//	unsynced_events, rolled_up_days
//
// from and to are RFC 3339 times in Vietnam. Values are whole numbers
// only, with no digit grouping, because a spreadsheet in the Vietnamese
// locale reads "0.25" as text or as 25 (its decimal separator is a comma):
// shares are whole percents, empty when undefined, and their exact parts
// are the rows above them. The label column describes the row in
// Vietnamese for staff who open the file in a spreadsheet.
//
// The output begins with a UTF-8 byte order mark. Excel on Windows, what a
// commune office opens a USB stick's file with, reads a CSV without one in
// the machine's legacy code page and garbles Vietnamese; LibreOffice and
// Google Sheets ignore the mark, and programs strip it ("utf-8-sig" in
// Python). Excel set to the Vietnamese locale expects semicolons when it
// opens a file by double-click; Data → From Text/CSV reads this file right.
func WriteReportCSV(w io.Writer, r Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	from, to := r.From.In(Vietnam).Format(time.RFC3339), r.To.In(Vietnam).Format(time.RFC3339)
	rows := [][]string{ReportCSVHeader()}
	add := func(metric, kind, key, value, label string) {
		rows = append(rows, []string{r.KioskID, from, to, metric, kind, key, value, label})
	}
	num := func(n int) string { return strconv.Itoa(n) }
	pct := func(x float64, ok bool) string {
		if !ok {
			return ""
		}
		return strconv.Itoa(int(math.Round(x * 100)))
	}

	// The labels are the words staff mode shows (words.go), with the unit
	// where the dashboard shows one beside the figure.
	vi := func(t Term) string { return t.Words().VI }
	add("events_total", "", "", num(r.Total), vi(TermUses))
	add("visits", string(KindVisit), "", num(r.Visits), KindVisit.Words().VI)
	add("cabinet_opened", string(KindTamper), "", num(r.Tampers), KindTamper.Words().VI)
	for _, c := range r.Counts {
		add("events", string(c.Kind), c.Outcome, num(c.Count), c.Kind.Words().VI+": "+OutcomeWords(c.Kind, c.Outcome).VI)
	}
	d := r.Dossiers
	add("dossiers_unique", "", "", num(d.Unique), vi(TermDistinctDossiers))
	add("dossiers_found", "", "", num(d.Found), vi(TermFoundDossiers))
	add("dossiers_online", "", "", num(d.Online), vi(TermOnlineDossiers))
	add("online_share_pct", "", "", pct(r.OnlineShare()), vi(TermOnlineShare)+" (%)")
	add("dossiers_overdue", "", "", num(d.Overdue), vi(TermOverdueDossiers))
	add("dossiers_overdue_known", "", "", num(d.OverdueKnown), vi(TermOverdueKnown))
	add("overdue_share_pct", "", "", pct(r.OverdueShare()), vi(TermOverdueShare)+" (%)")
	for _, s := range RatingScores() {
		add("rating", string(KindRating), s.Outcome(), num(r.Ratings[s]), vi(TermSatisfaction)+": "+s.Words().VI)
	}
	for h, n := range r.Hours {
		add("hour", "", fmt.Sprintf("%02d", h), num(n), fmt.Sprintf("Lượt sử dụng từ %02d:00 đến %02d:00", h, h+1))
	}
	add("portal_observed_seconds", "", "", num(int(r.PortalObserved/time.Second)), vi(TermPortalObserved)+" (giây)")
	add("portal_up_seconds", "", "", num(int(r.PortalUp/time.Second)), vi(TermPortalUp)+" (giây)")
	add("portal_uptime_pct", "", "", pct(r.PortalUptime()), vi(TermPortalUptime)+" (%)")
	add("unsynced_events", "", "", num(r.Unsynced), vi(TermUnsynced))
	add("rolled_up_days", "", "", num(r.RolledUpDays), vi(TermRolledUpDays))

	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}

// reportJSON is the wire form of a Report. Field order is the output's.
type reportJSON struct {
	KioskID      string           `json:"kiosk_id"`
	From         string           `json:"from"`
	To           string           `json:"to"`
	Total        int              `json:"events_total"`
	Visits       int              `json:"visits"`
	Tampers      int              `json:"cabinet_opened"`
	ByKind       map[string]int   `json:"by_kind"`
	Events       []countJSON      `json:"events"`
	Dossiers     dossiersJSON     `json:"dossiers"`
	Ratings      map[string]int   `json:"ratings"`
	BusyHours    [24]int          `json:"busy_hours"`
	Portal       portalUptimeJSON `json:"portal"`
	Unsynced     int              `json:"unsynced_events"`
	RolledUpDays int              `json:"rolled_up_days"`
}

type countJSON struct {
	Kind    EventKind `json:"kind"`
	Outcome string    `json:"outcome"`
	Count   int       `json:"count"`
}

type dossiersJSON struct {
	Unique       int      `json:"unique"`
	Found        int      `json:"found"`
	Online       int      `json:"online"`
	OnlineShare  *float64 `json:"online_share"`
	Overdue      int      `json:"overdue"`
	OverdueKnown int      `json:"overdue_known"`
	OverdueShare *float64 `json:"overdue_share"`
}

type portalUptimeJSON struct {
	ObservedSeconds float64  `json:"observed_seconds"`
	UpSeconds       float64  `json:"up_seconds"`
	Uptime          *float64 `json:"uptime"`
}

// WriteReportJSON writes r as one JSON object followed by a newline. Shares
// are numbers from 0 to 1, null when undefined; times are RFC 3339 in
// Vietnam; ratings are keyed "1", "2", "3" and busy_hours is indexed by
// the hour of day.
func WriteReportJSON(w io.Writer, r Report) error {
	opt := func(x float64, ok bool) *float64 {
		if !ok {
			return nil
		}
		return &x
	}
	out := reportJSON{
		KioskID: r.KioskID,
		From:    r.From.In(Vietnam).Format(time.RFC3339),
		To:      r.To.In(Vietnam).Format(time.RFC3339),
		Total:   r.Total,
		Visits:  r.Visits,
		Tampers: r.Tampers,
		ByKind:  map[string]int{},
		Events:  make([]countJSON, 0, len(r.Counts)),
		Dossiers: dossiersJSON{
			Unique:       r.Dossiers.Unique,
			Found:        r.Dossiers.Found,
			Online:       r.Dossiers.Online,
			OnlineShare:  opt(r.OnlineShare()),
			Overdue:      r.Dossiers.Overdue,
			OverdueKnown: r.Dossiers.OverdueKnown,
			OverdueShare: opt(r.OverdueShare()),
		},
		Ratings:   map[string]int{},
		BusyHours: r.Hours,
		Portal: portalUptimeJSON{
			ObservedSeconds: r.PortalObserved.Seconds(),
			UpSeconds:       r.PortalUp.Seconds(),
			Uptime:          opt(r.PortalUptime()),
		},
		Unsynced:     r.Unsynced,
		RolledUpDays: r.RolledUpDays,
	}
	for _, c := range r.Counts {
		out.ByKind[string(c.Kind)] += c.Count
		out.Events = append(out.Events, countJSON(c))
	}
	for _, s := range RatingScores() {
		out.Ratings[s.Outcome()] = r.Ratings[s]
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("report: json: %w", err)
	}
	return nil
}
