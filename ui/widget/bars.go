package widget

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DefaultBarsHeight is the height of a Bars chart's bars area when its
// BarsHeight is 0.
const DefaultBarsHeight float32 = 120

// Bars is a bar chart of counts drawn with canvas rectangles: one bar per
// value, as tall as its share of the largest, with its label under it and
// the chart's meaning in words below (Caption): a chart alone says nothing
// to someone who cannot see it, so the caption names what matters (the
// busiest hour, say). Labels that would touch are thinned out evenly, so
// 24 hours fit a portrait screen. It does not scroll.
type Bars struct {
	widget.BaseWidget

	Values []int
	Labels []string // one per value; "" for none
	// Highlight is the index of the bar drawn darker (the busiest, say);
	// -1 for none.
	Highlight  int
	Caption    string
	BarsHeight float32 // 0: DefaultBarsHeight
}

// NewBars returns a chart of values with their labels and a caption.
func NewBars(values []int, labels []string, caption string) *Bars {
	b := &Bars{Values: values, Labels: labels, Caption: caption, Highlight: -1}
	b.ExtendBaseWidget(b)
	return b
}

// BarHeight returns how tall bar i is drawn in a chart whose bars area is
// h high: its share of the largest value, and at least 2 px for any count
// above zero so that a quiet hour still shows.
func BarHeight(values []int, i int, h float32) float32 {
	top := 0
	for _, v := range values {
		top = max(top, v)
	}
	if top <= 0 || i < 0 || i >= len(values) || values[i] <= 0 {
		return 0
	}
	return max(h*float32(values[i])/float32(top), min(2, h))
}

// CreateRenderer draws the chart.
func (b *Bars) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	r := &barsRenderer{b: b, baseline: canvas.NewRectangle(nil), caption: widget.NewLabel("")}
	r.caption.Wrapping = fyne.TextWrapWord
	r.update()
	return r
}

type barsRenderer struct {
	b        *Bars
	bars     []*canvas.Rectangle
	labels   []*canvas.Text
	baseline *canvas.Rectangle
	caption  *widget.Label
}

func (r *barsRenderer) height() float32 {
	if r.b.BarsHeight > 0 {
		return r.b.BarsHeight
	}
	return DefaultBarsHeight
}

func (r *barsRenderer) labelHeight() float32 {
	th := r.b.Theme()
	return fyne.MeasureText("0", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height
}

func (r *barsRenderer) MinSize() fyne.Size {
	pad := r.b.Theme().Size(theme.SizeNamePadding)
	h := r.height() + pad + r.labelHeight()
	w := float32(4 * len(r.bars))
	if r.b.Caption != "" {
		c := r.caption.MinSize()
		h += c.Height
		w = max(w, c.Width)
	}
	return fyne.NewSize(w, h)
}

func (r *barsRenderer) Layout(size fyne.Size) {
	th := r.b.Theme()
	pad := th.Size(theme.SizeNamePadding)
	chartH := r.height()
	n := len(r.bars)
	thick := th.Size(theme.SizeNameSeparatorThickness)
	r.baseline.Move(fyne.NewPos(0, chartH))
	r.baseline.Resize(fyne.NewSize(size.Width, thick))
	if n > 0 {
		slot := size.Width / float32(n)
		barW := max(1, slot*0.7)
		for i, bar := range r.bars {
			h := BarHeight(r.b.Values, i, chartH)
			bar.Resize(fyne.NewSize(barW, h))
			bar.Move(fyne.NewPos(float32(i)*slot+(slot-barW)/2, chartH-h))
		}
		step := r.labelStep(slot)
		for i, l := range r.labels {
			if i%step != 0 || l.Text == "" {
				l.Hide()
				continue
			}
			l.Show()
			m := l.MinSize()
			l.Resize(m)
			x := float32(i)*slot + (slot-m.Width)/2
			l.Move(fyne.NewPos(min(max(0, x), max(0, size.Width-m.Width)), chartH+pad))
		}
	}
	if r.b.Caption == "" {
		r.caption.Hide()
		return
	}
	r.caption.Show()
	top := chartH + pad + r.labelHeight()
	r.caption.Resize(fyne.NewSize(size.Width, r.caption.MinSize().Height))
	r.caption.Resize(fyne.NewSize(size.Width, r.caption.MinSize().Height)) // again, now that it knows its width
	r.caption.Move(fyne.NewPos(0, top))
}

// labelStep is every how many bars a label fits: the smallest divisor of
// the bar count (so the labels stay evenly spaced) at which the widest
// label has room beside the next.
func (r *barsRenderer) labelStep(slot float32) int {
	widest := float32(0)
	for _, l := range r.labels {
		widest = max(widest, l.MinSize().Width)
	}
	need := widest + r.b.Theme().Size(theme.SizeNamePadding)
	n := len(r.labels)
	for step := 1; step < n; step++ {
		if n%step == 0 && float32(step)*slot >= need {
			return step
		}
	}
	return max(n, 1)
}

func (r *barsRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2+len(r.bars)+len(r.labels))
	objs = append(objs, r.baseline)
	for _, b := range r.bars {
		objs = append(objs, b)
	}
	for _, l := range r.labels {
		objs = append(objs, l)
	}
	return append(objs, r.caption)
}

func (r *barsRenderer) Refresh() {
	r.update()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *barsRenderer) Destroy() {}

// update makes one rectangle and one label per value, in the theme's
// colours: data, not status, so no status colour.
func (r *barsRenderer) update() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	n := len(r.b.Values)
	for len(r.bars) < n {
		r.bars = append(r.bars, canvas.NewRectangle(nil))
		r.labels = append(r.labels, canvas.NewText("", nil))
	}
	r.bars, r.labels = r.bars[:n], r.labels[:n]
	for i, bar := range r.bars {
		name := theme.ColorNamePlaceHolder
		if i == r.b.Highlight {
			name = theme.ColorNameForeground
		}
		bar.FillColor = th.Color(name, v)
		bar.Refresh()
		l := r.labels[i]
		l.Text = ""
		if i < len(r.b.Labels) {
			l.Text = r.b.Labels[i]
		}
		l.Color = th.Color(theme.ColorNameForeground, v)
		l.TextSize = th.Size(theme.SizeNameText)
		l.Alignment = fyne.TextAlignCenter
		l.Refresh()
	}
	r.baseline.FillColor = th.Color(theme.ColorNameSeparator, v)
	r.baseline.Refresh()
	r.caption.SetText(r.b.Caption)
}
