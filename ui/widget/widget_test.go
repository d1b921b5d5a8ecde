package widget

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"

	kiosktheme "github.com/motcua/kiosk/ui/theme"
)

func setup(t *testing.T) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(kiosktheme.New())
}

func TestTouchButtonIsNotFocusable(t *testing.T) {
	setup(t)
	var b fyne.CanvasObject = NewTouchButton("Tra cứu", nil)
	if _, ok := b.(fyne.Focusable); ok {
		t.Error("a focusable button lets a keyboard's Tab and Space press it")
	}
}

func TestTouchButtonTaps(t *testing.T) {
	setup(t)
	n := 0
	b := NewTouchButton("Tra cứu", func() { n++ })
	w := test.NewTempWindow(t, b)
	_ = w
	test.Tap(b)
	if n != 1 {
		t.Fatalf("taps = %d, want 1", n)
	}
	b.Disable()
	test.Tap(b)
	if n != 1 {
		t.Error("a disabled button tapped")
	}
	if s := b.MinSize(); s.Width < MinTouch || s.Height < MinTouch {
		t.Errorf("min size %v below a finger's %v", s, MinTouch)
	}
}

func TestTouchButtonShowsPress(t *testing.T) {
	setup(t)
	b := NewTouchButton("1", func() {})
	test.NewTempWindow(t, b)
	b.TouchDown(&mobile.TouchEvent{})
	if !b.pressed {
		t.Error("touch down should show the press")
	}
	b.TouchCancel(&mobile.TouchEvent{})
	if b.pressed {
		t.Error("touch cancel should end the press")
	}
	b.MouseDown(&desktop.MouseEvent{})
	b.MouseOut()
	if b.pressed {
		t.Error("mouse out should end the press")
	}
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestLongPressTouch(t *testing.T) {
	setup(t)
	c := &clock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	fired := 0
	l := NewLongPress(NewTouchButton("x", nil), 3*time.Second, c.Now, func() { fired++ })

	l.TouchDown(&mobile.TouchEvent{})
	c.now = c.now.Add(2 * time.Second)
	if l.Check() {
		t.Fatal("fired after 2 s")
	}
	l.TouchUp(&mobile.TouchEvent{})
	c.now = c.now.Add(5 * time.Second)
	if l.Check() || fired != 0 {
		t.Fatal("fired after the finger left")
	}

	l.TouchDown(&mobile.TouchEvent{})
	c.now = c.now.Add(3 * time.Second)
	if !l.Check() || fired != 1 {
		t.Fatal("a 3 s hold should fire on the tick")
	}
	l.TouchUp(&mobile.TouchEvent{})
	if fired != 1 {
		t.Error("the release after firing fired again")
	}

	l.TouchDown(&mobile.TouchEvent{})
	l.TouchCancel(&mobile.TouchEvent{})
	c.now = c.now.Add(10 * time.Second)
	if l.Check() {
		t.Error("a cancelled touch fired")
	}
}

func TestLongPressMouse(t *testing.T) {
	setup(t)
	c := &clock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	fired := 0
	l := NewLongPress(NewTouchButton("x", nil), 3*time.Second, c.Now, func() { fired++ })

	l.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonSecondary})
	c.now = c.now.Add(4 * time.Second)
	l.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonSecondary})
	if fired != 0 {
		t.Fatal("a right-button hold fired")
	}

	l.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	c.now = c.now.Add(4 * time.Second)
	l.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	if fired != 1 {
		t.Fatal("a 4 s mouse hold should fire on release")
	}

	l.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary})
	l.MouseOut()
	c.now = c.now.Add(4 * time.Second)
	if l.Check() {
		t.Error("a press whose pointer left fired")
	}
}

func TestKeypad(t *testing.T) {
	setup(t)
	var typed []string
	k := NewKeypad(
		Page{Columns: 3, Keys: append(Runes("123"),
			Key{Label: "Xóa", Kind: KeyBackspace},
			Key{Label: "Xóa hết", Kind: KeyClear},
			Key{Label: "ABC", Kind: KeyPage, Page: 1})},
		Page{Columns: 7, Keys: append(Runes("ABCDEFGHIJKLM"), Key{Label: "123", Kind: KeyPage})},
	)
	keys := 0
	k.OnKey = func(Key) { keys++ }
	k.OnRune = func(r rune) { typed = append(typed, string(r)) }
	k.OnBackspace = func() { typed = append(typed, "<") }
	k.OnClear = func() { typed = append(typed, "clear") }
	test.NewTempWindow(t, k)
	min := k.MinSize()

	for _, l := range []string{"1", "3", "Xóa", "Xóa hết", "ABC", "H", "123", "2"} {
		if !k.Press(l) {
			t.Fatalf("no key %q on page %d", l, k.Page())
		}
		if k.MinSize() != min {
			t.Errorf("size changed with the page: %v → %v", min, k.MinSize())
		}
	}
	if got, want := strings.Join(typed, ","), "1,3,<,clear,H,2"; got != want {
		t.Errorf("typed %s, want %s", got, want)
	}
	if keys != 8 {
		t.Errorf("OnKey called %d times, want 8", keys)
	}
	if k.Press("H") {
		t.Error("H on the digits page")
	}

	before := k.Buttons()
	k.SetEnabled(false)
	k.Press("1")
	if len(typed) != 6 {
		t.Error("a disabled keypad typed")
	}
	for _, b := range k.Buttons() {
		if !b.Disabled() {
			t.Errorf("key %q not shown disabled", b.Text)
		}
	}
	k.SetEnabled(true)
	after := k.Buttons()
	for i, b := range after {
		if b.Disabled() {
			t.Errorf("key %q still disabled", b.Text)
		}
		// The same keys: a new set per lookup would pile up renderers in
		// Fyne's cache.
		if i >= len(before) || b != before[i] {
			t.Fatalf("key %d is a new button after SetEnabled", i)
		}
	}
	k.Press("1")
	if len(typed) != 7 {
		t.Error("a re-enabled keypad did not type")
	}
}

// Turning pages shows each page's own buttons again, in the state
// SetEnabled left them, and measuring the keypad makes no buttons: either
// would leave new renderers in Fyne's cache on every page turn or layout.
func TestKeypadKeepsItsKeys(t *testing.T) {
	setup(t)
	k := NewKeypad(
		Page{Columns: 4, Keys: append(Runes("0123456789"), Key{Label: "ABC", Kind: KeyPage, Page: 1})},
		Page{Columns: 7, Keys: append(Runes("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), Key{Label: "123", Kind: KeyPage})},
	)
	test.NewTempWindow(t, k)
	digits := k.Buttons()
	k.SetPage(1)
	letters := k.Buttons()
	k.SetEnabled(false)
	k.SetPage(0)
	for i, b := range k.Buttons() {
		if b != digits[i] {
			t.Fatalf("digit key %d is a new button after a page turn", i)
		}
		if !b.Disabled() {
			t.Errorf("key %q on the page not shown was not disabled", b.Text)
		}
	}
	k.SetEnabled(true)
	k.SetPage(1)
	for i, b := range k.Buttons() {
		if b != letters[i] || b.Disabled() {
			t.Fatalf("letter key %d: new button or still disabled", i)
		}
	}

	k.MinSize()
	// Making the 38 keys to measure them took thousands of allocations.
	if n := testing.AllocsPerRun(10, func() { k.MinSize() }); n > 100 {
		t.Errorf("measuring the keypad took %.0f allocations: it makes keys", n)
	}
}

func TestKeypadCellsFitAFinger(t *testing.T) {
	setup(t)
	k := NewKeypad(Page{Columns: 7, Keys: Runes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")})
	w := test.NewTempWindow(t, k)
	w.SetPadded(false)
	w.Resize(k.MinSize())
	for _, b := range k.Buttons() {
		if s := b.Size(); s.Width < MinTouch || s.Height < MinTouch {
			t.Errorf("key %q is %v, below %v", b.Text, s, MinTouch)
		}
	}
}

func TestTimeline(t *testing.T) {
	setup(t)
	tl := NewTimeline([]TimelineEntry{
		{When: "24/11/2026 08:12", Title: "Được tiếp nhận", Detail: "Bộ phận một cửa"},
		{When: "25/11/2026 10:12", Title: "Đang xử lý"},
	})
	w := test.NewTempWindow(t, tl)
	w.Resize(fyne.NewSize(600, 400))
	m := test.RenderToMarkup(w.Canvas())
	for _, s := range []string{"24/11/2026 08:12 · Được tiếp nhận", "Bộ phận một cửa", "25/11/2026 10:12 · Đang xử lý"} {
		if !strings.Contains(m, s) {
			t.Errorf("timeline lacks %q:\n%s", s, m)
		}
	}
	if strings.Count(m, "<circle") != 2 {
		t.Errorf("want one dot per entry:\n%s", m)
	}

	// New entries take the place of the old ones in the rows already made,
	// a detail and the rail's end included.
	tl.Entries = []TimelineEntry{{When: "26/11/2026 09:00", Title: "Bổ sung"}}
	tl.Refresh()
	m = test.RenderToMarkup(w.Canvas())
	if strings.Contains(m, "Bộ phận một cửa") || strings.Contains(m, "Được tiếp nhận") || !strings.Contains(m, "26/11/2026 09:00 · Bổ sung") {
		t.Errorf("the old entries still show:\n%s", m)
	}
	if strings.Count(m, "<circle") != 1 || strings.Count(m, "<rectangle") != 0 {
		t.Errorf("want one dot and no rail after the last entry:\n%s", m)
	}
	tl.Entries = []TimelineEntry{{When: "a", Title: "b", Detail: "c"}, {When: "d", Title: "e"}}
	tl.Refresh()
	m = test.RenderToMarkup(w.Canvas())
	if !strings.Contains(m, ">c<") || strings.Count(m, "<circle") != 2 || strings.Count(m, "<rectangle") != 1 {
		t.Errorf("want two entries, one rail:\n%s", m)
	}
}

func TestBarsHeightsProportional(t *testing.T) {
	setup(t)
	values := []int{0, 5, 10, 20, 1}
	b := NewBars(values, []string{"0", "1", "2", "3", "4"}, "Đông nhất: 3")
	b.Highlight = 3
	w := test.NewTempWindow(t, b)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 300))
	var bars []*canvas.Rectangle
	for _, o := range test.WidgetRenderer(b).Objects()[1:] { // after the baseline
		if r, ok := o.(*canvas.Rectangle); ok {
			bars = append(bars, r)
		}
	}
	if len(bars) != len(values) {
		t.Fatalf("%d bars for %d values", len(bars), len(values))
	}
	want := []float32{0, 30, 60, 120, 6}
	base := bars[3].Position().Y + bars[3].Size().Height
	for i, r := range bars {
		if got := r.Size().Height; got != want[i] {
			t.Errorf("bar %d is %v high, want %v", i, got, want[i])
		}
		if r.Size().Height > 0 && r.Position().Y+r.Size().Height != base {
			t.Errorf("bar %d does not stand on the baseline", i)
		}
		if i > 0 && r.Position().X <= bars[i-1].Position().X {
			t.Errorf("bar %d is not right of bar %d", i, i-1)
		}
	}
	if bars[3].FillColor == bars[2].FillColor {
		t.Error("the highlighted bar looks like the others")
	}
	if m := test.RenderToMarkup(w.Canvas()); !strings.Contains(m, "Đông nhất: 3") || !strings.Contains(m, ">4</text>") {
		t.Errorf("caption or labels missing:\n%s", m)
	}
	if BarHeight(values, 4, 120) != 6 || BarHeight([]int{1, 1000}, 0, 120) != 2 || BarHeight([]int{0, 0}, 1, 120) != 0 {
		t.Error("BarHeight: a small count must still show, a zero must not")
	}
}

func TestBarsThinLabelsWhenNarrow(t *testing.T) {
	setup(t)
	values := make([]int, 24)
	labels := make([]string, 24)
	for i := range labels {
		labels[i] = strconv.Itoa(i)
		values[i] = i
	}
	b := NewBars(values, labels, "")
	w := test.NewTempWindow(t, b)
	w.SetPadded(false)
	shown := func() (n int, texts []*canvas.Text) {
		for _, o := range test.WidgetRenderer(b).Objects() {
			if l, ok := o.(*canvas.Text); ok && l.Visible() {
				texts = append(texts, l)
			}
		}
		return len(texts), texts
	}
	w.Resize(fyne.NewSize(1200, 300))
	if n, _ := shown(); n != 24 {
		t.Errorf("%d labels at 1200 px, want all 24", n)
	}
	w.Resize(fyne.NewSize(440, 300))
	n, texts := shown()
	if n >= 24 || n < 4 || 24%n != 0 {
		t.Errorf("%d labels at 440 px, want an even thinning", n)
	}
	for i := 1; i < len(texts); i++ {
		if texts[i].Position().X < texts[i-1].Position().X+texts[i-1].Size().Width {
			t.Errorf("labels %q and %q overlap", texts[i-1].Text, texts[i].Text)
		}
	}
	if s := b.MinSize(); s.Width > 200 {
		t.Errorf("min width %v: 24 bars must fit a portrait screen", s.Width)
	}
}
