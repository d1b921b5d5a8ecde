package ui

import (
	"image"
	"image/draw"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// labels returns the labels on screen.
func (h *harness) labels() map[*widget.Label]bool {
	out := map[*widget.Label]bool{}
	h.visible(func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out[l] = true
		}
	})
	return out
}

// A scan after a scan shows the kept frame and lookup screen again, and
// the new result reuses the previous results' labels: nothing new for
// Fyne to cache a renderer of (keep.go). What is shown is still the new
// dossier, exactly as a fresh build shows it.
func TestScansReuseTheScreens(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))
	h.scan(testCode)
	lookupTree, keypad := h.win.Canvas().Content(), h.ui.lookup.keypad
	h.settle()
	if h.ui.current != h.ui.result {
		t.Fatalf("no result:\n%s", h.markup())
	}
	first := h.markup()
	seen := h.labels()

	h.citizen.setLookup(found(overdueDossier()))
	h.scan(testCode)
	if h.win.Canvas().Content() != lookupTree || h.ui.lookup.keypad != keypad {
		t.Error("the second scan built the frame or the keypad again")
	}
	h.settle()
	h.wantText("Thiếu bản sao giấy chứng nhận kết hôn")
	h.wantText("Quá hạn 3 ngày")
	h.wantNoText("8.000 đ") // the first dossier's fee
	h.wantNoText("Còn 3 ngày")
	for l := range h.labels() {
		seen[l] = true
	}

	h.citizen.setLookup(found(dossier()))
	h.scan(testCode)
	h.settle()
	if got := h.markup(); got != first {
		t.Errorf("the same dossier shows differently the second time:\n%s\nthe first time:\n%s", got, first)
	}
	for l := range h.labels() {
		if !seen[l] {
			t.Errorf("a new label %q: the result's labels should be used again", l.Text)
		}
	}
}

// A language change builds the screens again, in the new language.
func TestKeptScreensFollowTheLanguage(t *testing.T) {
	h := newHarness(t)
	h.citizen.setLookup(found(dossier()))
	h.scan(testCode)
	h.settle()
	h.tap("English")
	h.wantText("In progress")
	h.wantNoText("Đang xử lý")
	h.scan(testCode)
	h.wantText("Check a dossier")
	h.settle()
	h.wantText("In progress")
}

// A kept screen shown again after Fyne dropped the renderers of its
// widgets (unused for FYNE_CACHE while it was not shown) draws as before,
// through Fyne's own painter (the desktop window's way) too: Fyne makes
// the renderers anew but lays one out only when its widget's size changes.
func TestKeptScreenDrawsAfterFyneDroppedItsRenderers(t *testing.T) {
	h := newHarness(t)
	h.ui.show(h.ui.lookup)
	before := h.win.Canvas().Capture()
	h.ui.goHome()

	var widgets []fyne.Widget
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			widgets = append(widgets, o)
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	walk(h.ui.kept[h.ui.lookup].obj)
	if len(widgets) < 20 {
		t.Fatalf("only %d widgets in the kept lookup screen", len(widgets))
	}
	// A subtest's renderers are destroyed when it ends, as Fyne's cleaning
	// destroys them.
	t.Run("forget", func(t *testing.T) {
		for _, w := range widgets {
			test.TempWidgetRenderer(t, w)
		}
	})

	h.ui.show(h.ui.lookup)
	after := h.win.Canvas().Capture()
	got := image.NewRGBA(after.Bounds())
	draw.Draw(got, got.Rect, after, after.Bounds().Min, draw.Src)
	compareFrames(t, before, got)
}
