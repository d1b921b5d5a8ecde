package firmware_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
)

func TestRatingOutcomes(t *testing.T) {
	for _, r := range firmware.RatingScores() {
		got, ok := firmware.RatingOf(r.Outcome())
		if !ok || got != r || !r.Valid() {
			t.Errorf("RatingOf(%q) = %v, %v", r.Outcome(), got, ok)
		}
	}
	for _, o := range []string{"", "0", "4", "ok", "12", "-1"} {
		if r, ok := firmware.RatingOf(o); ok {
			t.Errorf("RatingOf(%q) = %v, want none", o, r)
		}
	}
	if firmware.RatingVeryHappy.Words().VI != "Rất hài lòng" || firmware.RatingUnhappy.Words().EN != "Not satisfied" {
		t.Error("rating names")
	}
}

func TestParseReportDates(t *testing.T) {
	from, to, err := firmware.ParseReportDates("2024-11-01", "2024-11-30")
	if err != nil {
		t.Fatal(err)
	}
	if !from.Equal(time.Date(2024, 11, 1, 0, 0, 0, 0, ict)) || !to.Equal(time.Date(2024, 12, 1, 0, 0, 0, 0, ict)) {
		t.Errorf("period = %v to %v", from, to)
	}
	if from, to, err := firmware.ParseReportDates("2024-12-31", "2024-12-31"); err != nil || to.Sub(from) != 24*time.Hour {
		t.Errorf("one day: %v to %v, %v", from, to, err)
	}
	for _, c := range [][2]string{{"", "2024-11-30"}, {"2024-11-01", ""}, {"2024-13-01", "2024-12-01"},
		{"1/11/2024", "2024-12-01"}, {"2024-11-02", "2024-11-01"}, {"2024-11-01T00:00:00Z", "2024-11-02"}} {
		if _, _, err := firmware.ParseReportDates(c[0], c[1]); firmware.ErrorCode(err) != firmware.EINVALID {
			t.Errorf("ParseReportDates(%q, %q) = %v, want EINVALID", c[0], c[1], err)
		}
	}
}

func TestDashboardPeriods(t *testing.T) {
	// 23:30 UTC on 4 November is 06:30 on the 5th in Vietnam.
	now := time.Date(2024, 11, 4, 23, 30, 0, 0, time.UTC)
	today, week, month := firmware.DashboardPeriods(now)
	d := func(day int) time.Time { return time.Date(2024, 11, day, 0, 0, 0, 0, ict) }
	if !today[0].Equal(d(5)) || !today[1].Equal(d(6)) {
		t.Errorf("today = %v", today)
	}
	if !week[0].Equal(time.Date(2024, 10, 30, 0, 0, 0, 0, ict)) || !week[1].Equal(d(6)) {
		t.Errorf("week = %v", week)
	}
	if !month[0].Equal(time.Date(2024, 10, 7, 0, 0, 0, 0, ict)) || !month[1].Equal(d(6)) {
		t.Errorf("month = %v", month)
	}
}

type fakeReporter map[[2]time.Time]int

func (f fakeReporter) Report(_ context.Context, from, to time.Time) (firmware.Report, error) {
	return firmware.Report{From: from, To: to, Total: f[[2]time.Time{from, to}]}, nil
}

func TestNewDashboard(t *testing.T) {
	now := time.Date(2024, 11, 5, 9, 0, 0, 0, ict)
	today, week, month := firmware.DashboardPeriods(now)
	d, err := firmware.NewDashboard(context.Background(), fakeReporter{today: 1, week: 7, month: 30}, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Today.Total != 1 || d.Week.Total != 7 || d.Month.Total != 30 {
		t.Errorf("dashboard = %d, %d, %d", d.Today.Total, d.Week.Total, d.Month.Total)
	}
}

func TestSortCounts(t *testing.T) {
	c := []firmware.OutcomeCount{
		{Kind: "zeta", Outcome: "ok"},
		{Kind: firmware.KindStaff, Outcome: "ok"},
		{Kind: firmware.KindLookup, Outcome: firmware.ETIMEOUT},
		{Kind: firmware.KindRating, Outcome: "3"},
		{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK},
		{Kind: firmware.KindLookup, Outcome: firmware.EINVALID},
		{Kind: "alpha", Outcome: "ok"},
		{Kind: firmware.KindRating, Outcome: "1"},
	}
	firmware.SortCounts(c)
	var got []string
	for _, x := range c {
		got = append(got, string(x.Kind)+"/"+x.Outcome)
	}
	want := "lookup/ok lookup/invalid lookup/timeout rating/1 rating/3 staff/ok alpha/ok zeta/ok"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %v", got, want)
	}
}

// sample is a report whose figures and words exercise the writers: a share
// that is defined and one that is not, Vietnamese labels, an odd outcome.
func sample() firmware.Report {
	return firmware.Report{
		KioskID: "BK-0001, xã Đồng Phúc",
		From:    time.Date(2024, 11, 1, 0, 0, 0, 0, ict),
		To:      time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC).Add(-7 * time.Hour),
		Total:   10,
		Visits:  7,
		Tampers: 1,
		Counts: []firmware.OutcomeCount{
			{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Count: 4},
			{Kind: firmware.KindLookup, Outcome: firmware.ENOTFOUND, Count: 1},
			{Kind: firmware.KindRating, Outcome: "3", Count: 2},
			{Kind: firmware.KindRating, Outcome: "1", Count: 1},
			{Kind: firmware.KindStaff, Outcome: `odd "quoted", outcome`, Count: 2},
			{Kind: firmware.KindVisit, Outcome: firmware.OutcomeOK, Count: 7},
			{Kind: firmware.KindTamper, Outcome: firmware.OutcomeOK, Count: 1},
		},
		Dossiers:       firmware.DossierCounts{Unique: 4, Found: 3, Online: 1},
		Ratings:        map[firmware.Rating]int{firmware.RatingVeryHappy: 2, firmware.RatingUnhappy: 1},
		Hours:          [24]int{8: 5, 9: 3, 14: 2},
		PortalObserved: 10 * time.Hour,
		PortalUp:       9*time.Hour + 30*time.Minute,
		Unsynced:       1,
	}
}

func TestWriteReportCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := firmware.WriteReportCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\ufeffkiosk_id,from,to,metric,kind,key,value,label\r\n") {
		t.Errorf("begins %q, want a BOM and the header with CRLF", raw[:min(len(raw), 60)])
	}
	if strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
		t.Error("a line ends without CR")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	rows, err := r.ReadAll() // also checks that every row has the header's width
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], firmware.ReportCSVHeader()) {
		t.Errorf("header = %v", rows[0])
	}
	byMetric := map[string][]string{}
	var metrics []string
	for _, row := range rows[1:] {
		if row[0] != "BK-0001, xã Đồng Phúc" || row[1] != "2024-11-01T00:00:00+07:00" || row[2] != "2024-12-01T00:00:00+07:00" {
			t.Fatalf("row %v: kiosk and period", row)
		}
		key := row[3] + "|" + row[4] + "|" + row[5]
		byMetric[key] = row
		metrics = append(metrics, key)
	}
	for key, want := range map[string][2]string{
		"events_total||":                     {"10", "Tổng lượt sử dụng"},
		"visits|visit|":                      {"7", "Lượt người đến ki-ốt"},
		"events|visit|ok":                    {"7", "Lượt người đến ki-ốt: Thành công"},
		"cabinet_opened|tamper|":             {"1", "Số lần tủ thiết bị bị mở"},
		"events|lookup|ok":                   {"4", "Tra cứu hồ sơ: Tìm thấy"},
		"events|lookup|not_found":            {"1", "Tra cứu hồ sơ: Không tìm thấy"},
		"events|rating|3":                    {"2", "Đánh giá hài lòng: Rất hài lòng"},
		`events|staff|odd "quoted", outcome`: {"2", `Chế độ cán bộ: odd "quoted", outcome`},
		"dossiers_unique||":                  {"4", ""},
		"online_share_pct||":                 {"33", "Hồ sơ nộp trực tuyến (%)"},
		"overdue_share_pct||":                {"", ""},
		"rating|rating|2":                    {"0", "Mức độ hài lòng: Hài lòng"},
		"hour||08":                           {"5", "Lượt sử dụng từ 08:00 đến 09:00"},
		"hour||23":                           {"0", ""},
		"portal_observed_seconds||":          {"36000", ""},
		"portal_uptime_pct||":                {"95", ""},
		"unsynced_events||":                  {"1", ""},
		"rolled_up_days||":                   {"0", ""},
	} {
		row, ok := byMetric[key]
		if !ok {
			t.Errorf("no row %s", key)
			continue
		}
		if row[6] != want[0] || (want[1] != "" && row[7] != want[1]) {
			t.Errorf("row %s = %q, %q; want %q, %q", key, row[6], row[7], want[0], want[1])
		}
	}
	// A stable order: the same rows for another report, in the same place.
	if len(metrics) != 3+7+7+3+24+3+2 || metrics[0] != "events_total||" || metrics[len(metrics)-1] != "rolled_up_days||" {
		t.Errorf("%d rows: %v", len(metrics), metrics)
	}
	var empty bytes.Buffer
	if err := firmware.WriteReportCSV(&empty, firmware.Report{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(empty.String(), "\r\n"); n != 1+3+7+3+24+3+2 {
		t.Errorf("an empty report has %d lines", n)
	}
}

func TestWriteReportJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := firmware.WriteReportJSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "}\n") || strings.Contains(buf.String(), `\u00`) {
		t.Errorf("output %q", buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"kiosk_id":       "BK-0001, xã Đồng Phúc",
		"from":           "2024-11-01T00:00:00+07:00",
		"to":             "2024-12-01T00:00:00+07:00",
		"events_total":   10.0,
		"visits":         7.0,
		"cabinet_opened": 1.0,
		"by_kind":        map[string]any{"lookup": 5.0, "rating": 3.0, "staff": 2.0, "visit": 7.0, "tamper": 1.0},
		"events": []any{
			map[string]any{"kind": "lookup", "outcome": "ok", "count": 4.0},
			map[string]any{"kind": "lookup", "outcome": "not_found", "count": 1.0},
			map[string]any{"kind": "rating", "outcome": "3", "count": 2.0},
			map[string]any{"kind": "rating", "outcome": "1", "count": 1.0},
			map[string]any{"kind": "staff", "outcome": `odd "quoted", outcome`, "count": 2.0},
			map[string]any{"kind": "visit", "outcome": "ok", "count": 7.0},
			map[string]any{"kind": "tamper", "outcome": "ok", "count": 1.0},
		},
		"dossiers": map[string]any{"unique": 4.0, "found": 3.0, "online": 1.0, "online_share": 1.0 / 3,
			"overdue": 0.0, "overdue_known": 0.0, "overdue_share": nil},
		"ratings": map[string]any{"1": 1.0, "2": 0.0, "3": 2.0},
		"busy_hours": []any{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 3.0, 0.0, 0.0, 0.0, 0.0, 2.0,
			0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
		"portal":          map[string]any{"observed_seconds": 36000.0, "up_seconds": 34200.0, "uptime": 0.95},
		"unsynced_events": 1.0,
		"rolled_up_days":  0.0,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("JSON =\n%v\nwant\n%v", got, want)
	}
}

func TestReportShares(t *testing.T) {
	r := sample()
	if s, ok := r.OnlineShare(); !ok || s != 1.0/3 {
		t.Errorf("OnlineShare = %v, %v", s, ok)
	}
	if _, ok := r.OverdueShare(); ok {
		t.Error("OverdueShare defined without data")
	}
	if u, ok := r.PortalUptime(); !ok || u != 0.95 {
		t.Errorf("PortalUptime = %v, %v", u, ok)
	}
	if r.KindTotal(firmware.KindRating) != 3 || r.Count(firmware.KindLookup, firmware.ENOTFOUND) != 1 ||
		r.Count(firmware.KindProcedure, "ok") != 0 {
		t.Error("KindTotal or Count")
	}
	var empty firmware.Report
	if _, ok := empty.PortalUptime(); ok {
		t.Error("uptime of nothing observed")
	}
}
