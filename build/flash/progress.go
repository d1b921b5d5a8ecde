package flash

import (
	"fmt"
	"io"
	"time"
)

// progress prints "writing 1.2 GiB of 3.9 GiB (31%) at 24.5 MiB/s" on one
// line, rewritten with \r at most once per interval.
type progress struct {
	w           io.Writer
	verb        string
	total, done int64 // total 0: unknown
	every       time.Duration
	now         func() time.Time
	start, last time.Time
}

func newProgress(o *Options, verb string, total int64, now func() time.Time) *progress {
	every := o.Every
	if every <= 0 {
		every = time.Second
	}
	t := now()
	return &progress{w: o.Progress, verb: verb, total: total, every: every, now: now, start: t, last: t}
}

func (p *progress) add(n int64) {
	p.done += n
	if p.w == nil {
		return
	}
	if t := p.now(); t.Sub(p.last) >= p.every {
		p.last = t
		p.print(t)
	}
}

// finish prints the final figures and ends the line.
func (p *progress) finish() {
	if p.w == nil || p.start.IsZero() {
		return
	}
	p.print(p.now())
	fmt.Fprintln(p.w)
	p.start = time.Time{}
}

func (p *progress) print(t time.Time) {
	s := fmt.Sprintf("\r%s %s", p.verb, Bytes(p.done))
	if p.total > 0 {
		s += fmt.Sprintf(" of %s (%d%%)", Bytes(p.total), p.done*100/p.total)
	}
	if d := t.Sub(p.start); d > 0 {
		s += fmt.Sprintf(" at %s/s", Bytes(int64(float64(p.done)/d.Seconds())))
	}
	// Pad so a shorter line hides the end of a longer one.
	fmt.Fprintf(p.w, "%-60s", s)
}

// Bytes formats n with binary units: "512 B", "1.5 MiB", "3.9 GiB".
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
