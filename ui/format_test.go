package ui

import (
	"testing"
	"time"
)

func TestFormatVND(t *testing.T) {
	for _, c := range []struct {
		n      int64
		vi, en string
	}{
		{0, "0 đ", "0 VND"},
		{500, "500 đ", "500 VND"},
		{8000, "8.000 đ", "8,000 VND"},
		{100000, "100.000 đ", "100,000 VND"},
		{1234567, "1.234.567 đ", "1,234,567 VND"},
		{-8000, "-8.000 đ", "-8,000 VND"},
	} {
		if got := formatVND(langVI, c.n); got != c.vi {
			t.Errorf("formatVND(vi, %d) = %q, want %q", c.n, got, c.vi)
		}
		if got := formatVND(langEN, c.n); got != c.en {
			t.Errorf("formatVND(en, %d) = %q, want %q", c.n, got, c.en)
		}
	}
}

func TestClockLine(t *testing.T) {
	if got, want := clockLine(langVI, testNow), "Thứ Năm, 26/11/2026 · 20:59"; got != want {
		t.Errorf("clockLine = %q, want %q", got, want)
	}
	sunday := time.Date(2026, 11, 29, 7, 5, 0, 0, ict)
	if got, want := clockLine(langVI, sunday), "Chủ Nhật, 29/11/2026 · 07:05"; got != want {
		t.Errorf("clockLine = %q, want %q", got, want)
	}
	if got, want := clockLine(langEN, sunday), "Sunday, 29/11/2026 · 07:05"; got != want {
		t.Errorf("clockLine = %q, want %q", got, want)
	}
}

func TestCheckedAgo(t *testing.T) {
	for _, c := range []struct {
		ago  time.Duration
		want string
	}{
		{0, "vừa kiểm tra"},
		{59 * time.Second, "vừa kiểm tra"},
		{3 * time.Minute, "kiểm tra 3 phút trước"},
		{59 * time.Minute, "kiểm tra 59 phút trước"},
		{2 * time.Hour, "kiểm tra 2 giờ trước"},
		{50 * time.Hour, "kiểm tra 2 ngày trước"},
	} {
		if got := checkedAgo(langVI, testNow.Add(-c.ago), testNow); got != c.want {
			t.Errorf("checkedAgo(%v) = %q, want %q", c.ago, got, c.want)
		}
	}
}

func TestDefaultOptions(t *testing.T) {
	u := New(nil, &fakeCitizen{}, &fakeStaff{}, nil)
	if u.opts.IdleAfter != 60*time.Second || u.opts.Countdown != 10*time.Second || u.opts.StaffIdle != 2*time.Minute {
		t.Errorf("defaults = %+v", u.opts)
	}
	if u.opts.Location == nil || u.opts.Now == nil {
		t.Error("defaults lack a location or a clock")
	}
	_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, u.opts.Location).Zone()
	if off != 7*60*60 {
		t.Errorf("default zone offset = %d, want +07:00", off)
	}
	u = New(nil, &fakeCitizen{}, &fakeStaff{}, &Options{IdleAfter: 5 * time.Second})
	if u.opts.Countdown != 5*time.Second {
		t.Errorf("countdown longer than idle should be clamped, got %v", u.opts.Countdown)
	}
}
