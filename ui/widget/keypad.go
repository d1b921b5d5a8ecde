package widget

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KeyKind is what a keypad key does.
type KeyKind int

// Key kinds.
const (
	KeyRune      KeyKind = iota // types Rune
	KeyBackspace                // removes the last rune
	KeyClear                    // removes everything
	KeyPage                     // shows page Page
)

// Key is one key of a Keypad.
type Key struct {
	Label string
	Kind  KeyKind
	Rune  rune // KeyRune
	Page  int  // KeyPage
}

// R returns a key that types r, labelled with r.
func R(r rune) Key { return Key{Label: string(r), Kind: KeyRune, Rune: r} }

// Runes returns one key per rune of s.
func Runes(s string) []Key {
	keys := make([]Key, 0, len(s))
	for _, r := range s {
		keys = append(keys, R(r))
	}
	return keys
}

// Page is one page of a Keypad: its keys, row by row, Columns to a row.
type Page struct {
	Columns int
	Keys    []Key
}

// Keypad is an on-screen keypad of finger-sized keys in a grid, with pages
// (digits, letters) switched by KeyPage keys. It is as large as its largest
// page, so switching pages does not move the rest of the screen. The kiosk's
// keypads replace Entry widgets, which the embedded driver does not focus on
// a tap.
type Keypad struct {
	widget.BaseWidget

	// Pages are the keypad's pages; they must not change once shown (each
	// page's buttons are made once).
	Pages []Page
	// OnKey is called for every key press, before the key's own action:
	// the kiosk resets its idle timer here.
	OnKey       func(Key)
	OnRune      func(rune)
	OnBackspace func()
	OnClear     func()

	page    int
	grid    *fyne.Container
	keys    [][]fyne.CanvasObject // each page's buttons, made when first shown
	enabled bool
}

// NewKeypad returns a keypad showing pages[0].
func NewKeypad(pages ...Page) *Keypad {
	k := &Keypad{Pages: pages, enabled: true}
	k.ExtendBaseWidget(k)
	return k
}

// Page returns the index of the page shown.
func (k *Keypad) Page() int { return k.page }

// SetPage shows page i.
func (k *Keypad) SetPage(i int) {
	if i < 0 || i >= len(k.Pages) || i == k.page {
		return
	}
	k.page = i
	k.rebuild()
}

// SetEnabled enables or disables every key (while a lookup runs, say).
func (k *Keypad) SetEnabled(on bool) {
	if k.enabled == on {
		return
	}
	k.enabled = on
	// The keys stay: only their state changes. Rebuilding them made a new
	// set of renderers per lookup, kept in Fyne's cache long after.
	for _, page := range k.keys {
		for _, o := range page {
			enableKey(o.(*TouchButton), on)
		}
	}
}

func enableKey(b *TouchButton, on bool) {
	if b.Disabled() != on {
		return
	}
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// Buttons returns the buttons of the page shown, in order.
func (k *Keypad) Buttons() []*TouchButton {
	if k.grid == nil {
		k.CreateRenderer()
	}
	out := make([]*TouchButton, 0, len(k.grid.Objects))
	for _, o := range k.grid.Objects {
		if b, ok := o.(*TouchButton); ok {
			out = append(out, b)
		}
	}
	return out
}

// Press acts as if the key labelled label on the shown page was tapped and
// reports whether there was such a key.
func (k *Keypad) Press(label string) bool {
	for _, b := range k.Buttons() {
		if b.Text == label {
			b.Tapped(&fyne.PointEvent{})
			return true
		}
	}
	return false
}

// CreateRenderer lays the keys out in a grid of equal cells.
func (k *Keypad) CreateRenderer() fyne.WidgetRenderer {
	if k.grid == nil {
		k.grid = container.New(&keyGrid{k: k})
		k.rebuild()
	}
	return widget.NewSimpleRenderer(k.grid)
}

func (k *Keypad) rebuild() {
	if k.grid == nil {
		return
	}
	if len(k.keys) != len(k.Pages) {
		k.keys = make([][]fyne.CanvasObject, len(k.Pages))
	}
	if k.page >= len(k.Pages) {
		k.grid.Objects = nil
		k.grid.Refresh()
		return
	}
	// A page's buttons are made once and shown again: new ones on every
	// page turn would each leave a renderer in Fyne's cache.
	objs := k.keys[k.page]
	if objs == nil {
		for _, key := range k.Pages[k.page].Keys {
			b := keyButton(key, k.enabled)
			b.OnTapped = func() { k.press(key) }
			objs = append(objs, b)
		}
		k.keys[k.page] = objs
	}
	k.grid.Objects = objs
	// A container's Refresh refreshes what it holds, and a button's
	// Refresh lays it out: a renderer Fyne made anew for a button of a
	// page not shown for a while is laid out here.
	k.grid.Refresh()
}

// keyButton is the look of one key: characters large, actions in words.
func keyButton(key Key, enabled bool) *TouchButton {
	b := NewTouchButton(key.Label, nil)
	b.SizeName = keySize(key)
	if key.Kind != KeyRune {
		b.Importance = widget.LowImportance
	}
	if !enabled {
		b.Disable()
	}
	return b
}

func keySize(key Key) fyne.ThemeSizeName {
	if key.Kind == KeyRune {
		return theme.SizeNameSubHeadingText
	}
	return theme.SizeNameText
}

func (k *Keypad) press(key Key) {
	if !k.enabled {
		return
	}
	if k.OnKey != nil {
		k.OnKey(key)
	}
	switch key.Kind {
	case KeyRune:
		if k.OnRune != nil {
			k.OnRune(key.Rune)
		}
	case KeyBackspace:
		if k.OnBackspace != nil {
			k.OnBackspace()
		}
	case KeyClear:
		if k.OnClear != nil {
			k.OnClear()
		}
	case KeyPage:
		k.SetPage(key.Page)
	}
}

// keyGrid lays the shown page out in equal cells separated by the theme
// padding, spread over the room it is given. Its minimum fits every page
// with cells no smaller than MinTouch (or the widest key's text).
type keyGrid struct{ k *Keypad }

func (g *keyGrid) cell(objs []fyne.CanvasObject) fyne.Size {
	c := fyne.NewSquareSize(MinTouch)
	for _, o := range objs {
		c = c.Max(o.MinSize())
	}
	return c
}

func rows(n, cols int) int {
	if cols <= 0 {
		return 1
	}
	return (n + cols - 1) / cols
}

// MinSize fits every page, each with cells as wide as its widest key: a
// wide "Clear" on the digits page must not widen the 7-column letters page.
// The keys of the pages not shown are measured, not made: a button made
// to be measured would leave its renderer in Fyne's cache, and MinSize
// runs on every layout.
func (g *keyGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	th := g.k.Theme()
	height := g.cell(objs).Height
	var size fyne.Size
	for _, p := range g.k.Pages {
		cols, rs := float32(p.Columns), float32(rows(len(p.Keys), p.Columns))
		if cols <= 0 || rs <= 0 {
			continue
		}
		w := MinTouch
		for _, key := range p.Keys {
			w = max(w, buttonMinSize(th, key.Label, keySize(key), false, false, 0).Width)
		}
		size = size.Max(fyne.NewSize(cols*w+(cols-1)*pad, rs*height+(rs-1)*pad))
	}
	return size
}

func (g *keyGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if g.k.page >= len(g.k.Pages) {
		return
	}
	cols := g.k.Pages[g.k.page].Columns
	if len(objs) == 0 || cols <= 0 {
		return
	}
	// Rows are as many as the tallest page has, so keys keep their height
	// from page to page.
	rs := 0
	for _, p := range g.k.Pages {
		rs = max(rs, rows(len(p.Keys), p.Columns))
	}
	pad := theme.Padding()
	w := max(0, (size.Width-float32(cols-1)*pad)/float32(cols))
	h := max(0, (size.Height-float32(rs-1)*pad)/float32(rs))
	for i, o := range objs {
		col, row := i%cols, i/cols
		o.Move(fyne.NewPos(float32(col)*(w+pad), float32(row)*(h+pad)))
		o.Resize(fyne.NewSize(w, h))
	}
}
