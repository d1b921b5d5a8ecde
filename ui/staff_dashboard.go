package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/kiosk/firmware"
	kiosktheme "github.com/motcua/kiosk/ui/theme"
	kw "github.com/motcua/kiosk/ui/widget"
)

// period is one of the dashboard's tabs.
type period int

const (
	periodToday period = iota
	periodWeek
	periodMonth
)

var periodNames = [...]msgID{periodToday: msgPeriodToday, periodWeek: msgPeriodWeek, periodMonth: msgPeriodMonth}

// report is the period's figures.
func (s *staffScreen) report() *firmware.Report {
	switch s.period {
	case periodWeek:
		return &s.dash.Week
	case periodMonth:
		return &s.dash.Month
	}
	return &s.dash.Today
}

// load reads the three periods and the device's identity, off the UI
// goroutine.
func (s *staffScreen) load() {
	u := s.u
	s.loading, s.failed = true, false
	u.show(s)
	svc := s.svc
	u.call(func(ctx context.Context) func() {
		d, err := svc.Dashboard(ctx)
		id, version, addrs := svc.DeviceInfo()
		return func() {
			s.loading = false
			s.failed = err != nil
			s.dash = d
			s.id, s.version, s.addrs = id, version, addrs
			u.show(s)
		}
	})
}

// busy reports whether a service call of staff mode runs.
func (s *staffScreen) busy() bool { return s.loading || s.exporting || s.dismissing }

// twoColumns reports whether the dashboard has room for two columns: a
// landscape screen wider than the 7" one.
func (s *staffScreen) twoColumns() bool {
	return !s.u.portrait() && s.u.win.Canvas().Size().Width >= 1000
}

func (s *staffScreen) buildDashboard() fyne.CanvasObject {
	u := s.u
	s.deviceShown = s.deviceFingerprint()
	out := u.button(u.t(msgSignOut), u.signOut)

	tabs := container.NewGridWithColumns(len(periodNames))
	for p, id := range periodNames {
		b := u.button(u.t(id), func() { s.choose(period(p)) })
		if period(p) == s.period {
			b.Importance = widget.HighImportance
		}
		tabs.Add(b)
	}
	s.exportBtn = u.button(u.t(msgExport), s.export)
	s.exportBtn.Icon = theme.DocumentSaveIcon()
	var controls fyne.CanvasObject
	if u.portrait() {
		controls = container.NewVBox(tabs, s.exportBtn)
	} else {
		controls = container.NewBorder(nil, nil, tabs, s.exportBtn)
	}
	s.ledgerBox = container.NewVBox()
	s.exportBox = container.NewVBox()
	s.renderLedger()
	s.renderExport()

	// The ledger's bands lead the scrolled figures rather than sit above
	// them: with every band up at once they would leave the 7" screen no
	// room for the figures.
	body := container.NewVBox(s.ledgerBox)
	figures, dev := s.periodSection(), s.deviceSection()
	if s.twoColumns() {
		body.Add(container.NewGridWithColumns(2, figures, dev))
	} else {
		body.Add(figures)
		body.Add(widget.NewSeparator())
		body.Add(dev)
	}
	head := container.NewVBox(u.topBar(u.t(msgStaffTitle), out, false), controls, s.exportBox)
	s.top = column(head, nil, container.NewVScroll(body))
	return s.top
}

// choose shows another period's tab.
func (s *staffScreen) choose(p period) {
	if s.period == p {
		return
	}
	s.period = p
	s.u.show(s)
}

// relayout lays the screen out again after a band came or went.
func (s *staffScreen) relayout() {
	if s.top != nil {
		s.top.Refresh()
	}
}

// periodSection is the tab's figures: the period, the key figures, the
// counts by feature and outcome, the ratings and the busy hours.
func (s *staffScreen) periodSection() fyne.CanvasObject {
	u := s.u
	box := container.NewVBox()
	switch {
	case s.loading:
		box.Add(wrapped(u.t(msgLoading)))
		return box
	case s.failed:
		l := wrapped(u.t(msgSummaryFailed))
		l.Importance = widget.DangerImportance
		box.Add(l)
		return box
	}
	r := s.report()
	box.Add(heading(s.periodLine(r), theme.SizeNameSubHeadingText))

	online, overdue, uptime := u.t(msgNoData), u.t(msgNoData), u.t(msgNoData)
	if x, ok := r.OnlineShare(); ok {
		online = fmt.Sprintf("%s (%d/%d)", percent(u.lang, x), r.Dossiers.Online, r.Dossiers.Found)
	}
	if x, ok := r.OverdueShare(); ok {
		overdue = fmt.Sprintf("%s (%d/%d)", percent(u.lang, x), r.Dossiers.Overdue, r.Dossiers.OverdueKnown)
	}
	if x, ok := r.PortalUptime(); ok {
		uptime = percent(u.lang, x)
	}
	box.Add(figureRow(u.t(msgCountTotal), groupDigits(u.lang, int64(r.Total)), true))
	if r.Visits > 0 {
		// Counted by the motion sensor; a kiosk without one has none.
		box.Add(figureRow(u.t(msgCountVisits), groupDigits(u.lang, int64(r.Visits)), true))
	}
	if r.Tampers > 0 {
		box.Add(figureRow(u.t(msgCountTampers), groupDigits(u.lang, int64(r.Tampers)), true))
	}
	box.Add(figureRow(u.t(msgCountUnique), groupDigits(u.lang, int64(r.Dossiers.Unique)), true))
	box.Add(figureRow(u.t(msgOnlineShare), online, true))
	box.Add(figureRow(u.t(msgOverdueShare), overdue, true))
	box.Add(figureRow(u.t(msgPortalUptime), uptime, true))

	box.Add(heading(u.t(msgByFeature), theme.SizeNameSubHeadingText))
	box.Add(s.byFeature(r))

	box.Add(heading(u.t(msgSatisfaction), theme.SizeNameSubHeadingText))
	for _, sw := range scoreWords {
		box.Add(figureRow(u.t(sw.id), groupDigits(u.lang, int64(r.Ratings[sw.score])), false))
	}
	if n := r.KindTotal(firmware.KindRating) - ratingsScored(r); n > 0 {
		box.Add(figureRow(u.t(msgRatingNoScore), groupDigits(u.lang, int64(n)), false))
	}

	box.Add(heading(u.t(msgBusyHours), theme.SizeNameSubHeadingText))
	box.Add(s.busyHours(r))

	if r.Unsynced > 0 {
		box.Add(wrapped(u.tf(plural(r.Unsynced, msgUnsyncedOne, msgUnsynced), groupDigits(u.lang, int64(r.Unsynced)))))
	}
	if r.RolledUpDays > 0 {
		box.Add(wrapped(u.tf(plural(r.RolledUpDays, msgRolledUpOne, msgRolledUp), r.RolledUpDays)))
	}
	return box
}

// periodLine names the tab's days: "Hôm nay, 26/11/2026" or "Từ
// 20/11/2026 đến 26/11/2026".
func (s *staffScreen) periodLine(r *firmware.Report) string {
	if r.From.IsZero() || r.To.IsZero() {
		return s.u.tf(msgToday, formatDate(s.u.now()))
	}
	loc := s.u.opts.Location
	from, last := r.From.In(loc), r.To.In(loc).AddDate(0, 0, -1)
	if s.period == periodToday {
		return s.u.tf(msgToday, formatDate(from))
	}
	return s.u.tf(msgPeriodRange, formatDate(from), formatDate(last))
}

// figureRow is a label with its figure on the right. The label wraps, so a
// long one never pushes the figure off a portrait screen.
func figureRow(label, value string, bold bool) fyne.CanvasObject {
	v := widget.NewLabelWithStyle(value, fyne.TextAlignTrailing, fyne.TextStyle{Bold: bold})
	return container.NewBorder(nil, nil, nil, v, wrapped(label))
}

// byFeature is each kind's total with its outcomes in words under it: the
// citizen features always, staff mode and kinds this build does not know
// when they were counted. The sensors' events (visits, the cabinet
// opened) are not features: they have figures of their own.
func (s *staffScreen) byFeature(r *firmware.Report) fyne.CanvasObject {
	u := s.u
	kinds := []firmware.EventKind{firmware.KindLookup, firmware.KindProcedure, firmware.KindRating}
	for _, c := range r.Counts {
		if c.Kind.IsUse() && !containsKind(kinds, c.Kind) {
			kinds = append(kinds, c.Kind)
		}
	}
	box := container.NewVBox()
	for _, k := range kinds {
		box.Add(figureRow(kindName(u.lang, k), groupDigits(u.lang, int64(r.KindTotal(k))), true))
		outcomes := container.NewVBox()
		for _, c := range r.Counts {
			// Ratings by score have a section of their own.
			if c.Kind == k && k != firmware.KindRating {
				outcomes.Add(figureRow(outcomeName(u.lang, k, c.Outcome), groupDigits(u.lang, int64(c.Count)), false))
			}
		}
		if len(outcomes.Objects) > 0 {
			indent := theme.Padding() * 4
			box.Add(container.New(layout.NewCustomPaddedLayout(0, 0, indent, 0), outcomes))
		}
	}
	return box
}

func containsKind(kinds []firmware.EventKind, k firmware.EventKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// ratingsScored counts the ratings with a score.
func ratingsScored(r *firmware.Report) int {
	n := 0
	for _, c := range r.Ratings {
		n += c
	}
	return n
}

// busyHours is the chart of the period's uses by hour, with the busiest
// hour in words under it.
func (s *staffScreen) busyHours(r *firmware.Report) fyne.CanvasObject {
	u := s.u
	values := r.Hours[:]
	labels := make([]string, len(values))
	busiest := -1
	for h, n := range values {
		labels[h] = strconv.Itoa(h)
		if n > 0 && (busiest < 0 || n > values[busiest]) {
			busiest = h
		}
	}
	caption := u.t(msgBusyNone)
	if busiest >= 0 {
		n := values[busiest]
		caption = u.tf(plural(n, msgBusiestOne, msgBusiest), busiest, busiest+1, n)
	}
	b := kw.NewBars(values, labels, caption)
	b.Highlight = busiest
	return b
}

// kindName names a kind of event with the words the exported report
// uses; a kind this build does not know, by its code.
func kindName(lang string, k firmware.EventKind) string { return k.Words().In(lang) }

// outcomeName puts an event's outcome in the words the exported report
// uses: a lookup's success as "Tìm thấy", a rating's as its score, any
// other success as "Thành công"; an outcome this build has no words for,
// by its code.
func outcomeName(lang string, k firmware.EventKind, outcome string) string {
	return firmware.OutcomeWords(k, outcome).In(lang)
}

// export writes the 30-day report to a USB stick, off the UI goroutine.
func (s *staffScreen) export() {
	if s.busy() {
		return
	}
	u := s.u
	s.exporting, s.exportID, s.exportFile = true, msgExporting, ""
	s.renderExport()
	svc := s.svc
	u.call(func(ctx context.Context) func() {
		path, err := svc.ExportReport(ctx)
		return func() { s.exported(path, err) }
	})
}

func (s *staffScreen) exported(path string, err error) {
	s.exporting = false
	switch firmware.ErrorCode(err) {
	case "":
		s.exportID, s.exportFile = msgExported, filepath.Base(path)
	case firmware.ENOTFOUND:
		s.exportID = msgExportNoStick
	case firmware.EUNAVAILABLE:
		s.exportID = msgExportRefused
	default:
		s.exportID = msgExportFailed
	}
	s.renderExport()
	s.renderLedger() // the dismiss button waited for the export
}

// renderExport shows the export's state under the buttons.
func (s *staffScreen) renderExport() {
	if s.exportBox == nil {
		return
	}
	enable(s.exportBtn, !s.busy())
	var objs []fyne.CanvasObject
	switch s.exportID {
	case msgNone:
	case msgExporting:
		objs = append(objs, wrapped(s.u.t(msgExporting)))
	case msgExported:
		objs = append(objs, band(s.u.tf(msgExported, s.exportFile), kiosktheme.ToneGood, theme.SizeNameText))
	case msgExportNoStick:
		objs = append(objs, band(s.u.t(msgExportNoStick), kiosktheme.ToneWarning, theme.SizeNameText))
	default:
		objs = append(objs, band(s.u.t(s.exportID), kiosktheme.ToneBad, theme.SizeNameText))
	}
	s.exportBox.Objects = objs
	s.exportBox.Refresh()
	s.relayout()
}
