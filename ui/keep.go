package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Why the kiosk keeps and reuses widgets (DESIGN §12).
//
// Fyne keeps the renderer of every widget it has drawn in a cache of its
// own, and drops those of widgets no longer shown only when it cleans that
// cache: on a frame, at most every 10 s, and only once they have gone
// unused for FYNE_CACHE. Its public API has no way to drop one sooner. A
// screen built anew for every scan therefore costs its whole renderer tree
// (some 300 KB for the keypad and a result) until the next cleaning: a
// burst of scans held 150 MB of screens already left.
//
// So the screens shown once per scan are not built anew each time:
//   - the frame (countdown bar and padding) is built once per language;
//   - a screen that implements keeper keeps its tree while what the tree
//     was built from (language, text size, orientation and its own shape)
//     is the same, and refresh puts its state into it;
//   - the result screen, whose body differs with every dossier, takes its
//     labels from a parts box that hands out the previous body's labels
//     again, so that their renderers are reused too.

// keeper is a screen whose built tree can be shown again.
type keeper interface {
	screen
	// shape is what the tree is built from besides the language, the
	// text size and the orientation: when it changes, the tree is built
	// again. It must be comparable.
	shape() any
	// refresh puts the screen's state into its kept tree, as a new build
	// would show it.
	refresh()
}

// keptTree is a keeper's tree and what it was built from.
type keptTree struct {
	key treeKey
	obj fyne.CanvasObject
}

type treeKey struct {
	lang            string
	large, portrait bool
	shape           any
}

// tree is s's content: its kept tree when it has one that still fits,
// else a new build (kept if s is a keeper).
func (u *UI) tree(s screen) fyne.CanvasObject {
	k, ok := s.(keeper)
	if !ok {
		return s.build()
	}
	key := treeKey{lang: u.lang, large: u.large, portrait: u.portrait(), shape: k.shape()}
	if t, ok := u.kept[s]; ok && t.key == key {
		relayout(t.obj)
		k.refresh()
		return t.obj
	}
	obj := s.build()
	if u.kept == nil {
		u.kept = map[screen]keptTree{}
	}
	u.kept[s] = keptTree{key: key, obj: obj}
	return obj
}

// relayout lays out every widget of a kept tree again, hidden ones too,
// at the size it has. While the tree was not shown Fyne may have dropped
// its widgets' renderers from its cache (unused for FYNE_CACHE); it makes
// them anew when they are next asked for but lays a renderer out only
// when its widget's size changes, and a kept widget's size does not:
// through Fyne's own painter (the desktop window) the new renderers'
// objects would paint at size zero. (ui/render lays such renderers out
// itself.)
func relayout(obj fyne.CanvasObject) {
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			relayout(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		r.Layout(o.Size())
		for _, c := range r.Objects() {
			relayout(c)
		}
	}
}

// parts hands out labels for a screen rebuilt often: first those it handed
// out for the previous build, reset, then new ones. Call reset before a
// build, and done after it, which refreshes the labels that were reused.
// Labels not handed out again stay with the box until a later build needs
// them.
type parts struct {
	labels []*widget.Label
	used   int
	reused []*widget.Label
}

// reset starts a build: every label may be handed out again.
func (p *parts) reset() {
	p.used = 0
	p.reused = p.reused[:0]
}

// label is a plain label of s, as widget.NewLabel makes it. A nil box
// makes a new one.
func (p *parts) label(s string) *widget.Label {
	if p == nil {
		return widget.NewLabel(s)
	}
	if p.used < len(p.labels) {
		l := p.labels[p.used]
		p.used++
		l.Text = s
		l.Alignment = fyne.TextAlignLeading
		l.Wrapping = fyne.TextWrapOff
		l.TextStyle = fyne.TextStyle{}
		l.Truncation = fyne.TextTruncateOff
		l.Importance = widget.MediumImportance
		l.SizeName = ""
		l.Selectable = false
		l.Show()
		p.reused = append(p.reused, l)
		return l
	}
	l := widget.NewLabel(s)
	p.labels = append(p.labels, l)
	p.used++
	return l
}

// wrapped is a word-wrapped label.
func (p *parts) wrapped(s string) *widget.Label {
	l := p.label(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// heading is a bold, word-wrapped label in the given theme size.
func (p *parts) heading(s string, size fyne.ThemeSizeName) *widget.Label {
	l := p.label(s)
	l.TextStyle.Bold = true
	l.SizeName = size
	l.Wrapping = fyne.TextWrapWord
	return l
}

// done ends a build: the labels handed out again show what the build set.
func (p *parts) done() {
	for _, l := range p.reused {
		l.Refresh()
	}
	p.reused = p.reused[:0]
}
