package widget

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TimelineEntry is one step of a dossier's history, already in words.
type TimelineEntry struct {
	When   string      // "05/11/2024 08:12"
	Title  string      // the status in words
	Detail string      // unit and note, may be empty
	Dot    color.Color // the status colour; nil: the theme's primary
}

// Timeline shows history entries top to bottom, each a dot on a rail with
// its time, status and detail. It does not scroll; put it in a scroller.
type Timeline struct {
	widget.BaseWidget

	Entries []TimelineEntry
}

// NewTimeline returns a timeline of entries.
func NewTimeline(entries []TimelineEntry) *Timeline {
	t := &Timeline{Entries: entries}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer builds one row per entry.
func (t *Timeline) CreateRenderer() fyne.WidgetRenderer {
	box := container.NewVBox()
	r := &timelineRenderer{t: t, box: box}
	r.build()
	return r
}

type timelineRenderer struct {
	t    *Timeline
	box  *fyne.Container
	rows []*timelineRow // made as entries need them and used again
}

// timelineRow is one entry's widgets.
type timelineRow struct {
	head, detail *widget.Label
	texts        *fyne.Container
	circle       *canvas.Circle
	line         *canvas.Rectangle
	obj          fyne.CanvasObject
}

func newTimelineRow() *timelineRow {
	r := &timelineRow{
		head:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		detail: widget.NewLabel(""),
		circle: canvas.NewCircle(color.Transparent),
		line:   canvas.NewRectangle(color.Transparent),
	}
	r.head.Wrapping = fyne.TextWrapWord
	r.detail.Wrapping = fyne.TextWrapWord
	r.texts = container.NewVBox(r.head)
	rail := container.New(&railLayout{}, r.line, r.circle)
	r.obj = container.NewBorder(nil, nil, rail, nil, r.texts)
	return r
}

// build shows the entries. A refresh with new entries changes the rows
// already made rather than making new ones: each new label would leave a
// renderer in Fyne's cache.
func (r *timelineRenderer) build() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rows := make([]fyne.CanvasObject, 0, len(r.t.Entries))
	for i, e := range r.t.Entries {
		if i == len(r.rows) {
			r.rows = append(r.rows, newTimelineRow())
		}
		row := r.rows[i]
		dot := e.Dot
		if dot == nil {
			dot = th.Color(theme.ColorNamePrimary, v)
		}
		row.head.SetText(e.When + " · " + e.Title)
		row.detail.SetText(e.Detail)
		if e.Detail != "" {
			row.texts.Objects = []fyne.CanvasObject{row.head, row.detail}
		} else {
			row.texts.Objects = []fyne.CanvasObject{row.head}
		}
		row.texts.Refresh()
		row.circle.FillColor = dot
		row.circle.Refresh()
		row.line.FillColor = th.Color(theme.ColorNameSeparator, v)
		if i == len(r.t.Entries)-1 {
			row.line.Hide() // the rail ends at the last step
		} else {
			row.line.Show()
		}
		row.line.Refresh()
		rows = append(rows, row.obj)
	}
	r.box.Objects = rows
	r.box.Refresh()
}

func (r *timelineRenderer) Destroy() {}

func (r *timelineRenderer) Layout(s fyne.Size) {
	r.box.Resize(s)
	r.box.Move(fyne.NewPos(0, 0))
}

func (r *timelineRenderer) MinSize() fyne.Size { return r.box.MinSize() }

func (r *timelineRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }

func (r *timelineRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.t)
}

// railLayout puts a dot level with the first text line and a line from it
// down to the next row.
type railLayout struct{}

func (railLayout) dot() float32 { return theme.TextSize() * 0.8 }

func (l railLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(l.dot()+2*theme.Padding(), l.dot())
}

func (l railLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	d := l.dot()
	top := theme.InnerPadding() + (theme.TextSize()-d)/2 + 2
	line, dot := objs[0], objs[1]
	dot.Resize(fyne.NewSquareSize(d))
	dot.Move(fyne.NewPos((size.Width-d)/2, top))
	w := theme.SeparatorThicknessSize() * 2
	line.Resize(fyne.NewSize(w, size.Height-top-d/2+theme.Padding()))
	line.Move(fyne.NewPos((size.Width-w)/2, top+d/2))
}
