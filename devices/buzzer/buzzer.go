package buzzer

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// Opts holds the buzzer's wiring and the length of its tones.
type Opts struct {
	// ActiveLow is for a buzzer module that sounds when its input is low.
	ActiveLow bool
	// Tone is the length of the tones of Success and Error.
	Tone time.Duration
	// Gap is the silence between two tones, and between two sequences.
	Gap time.Duration
}

// DefaultOpts gives tones short enough not to annoy a queue of citizens and
// a gap long enough to hear two tones as two.
var DefaultOpts = Opts{Tone: 100 * time.Millisecond, Gap: 100 * time.Millisecond}

// MaxBeep is the longest tone Beep plays.
const MaxBeep = 2 * time.Second

// Dev is a buzzer on a GPIO output.
type Dev struct {
	p         gpio.PinOut
	on, off   gpio.Level
	tone, gap time.Duration
	// after is the player's clock, replaced in tests.
	after func(time.Duration) <-chan time.Time

	// halting keeps a new sequence from starting while Halt waits for the
	// player to end; the player never takes it, so that wait cannot deadlock.
	halting sync.Mutex

	mu      sync.Mutex      // guards the fields below
	pending []time.Duration // the next sequence's tones; nil when none waits
	stop    chan struct{}   // closed by Halt to stop the player; nil when idle
	done    chan struct{}   // closed by the player when it ends
	err     error           // the player's first write error, until reported
}

// New silences the buzzer and returns it. opts nil means DefaultOpts.
func New(p gpio.PinOut, opts *Opts) (*Dev, error) {
	if opts == nil {
		opts = &DefaultOpts
	}
	if p == nil {
		return nil, errors.New("buzzer: no pin")
	}
	if opts.Tone <= 0 || opts.Tone > MaxBeep || opts.Gap <= 0 || opts.Gap > MaxBeep {
		return nil, fmt.Errorf("buzzer: tone %s and gap %s must be within 0..%s", opts.Tone, opts.Gap, MaxBeep)
	}
	d := &Dev{p: p, on: gpio.High, off: gpio.Low, tone: opts.Tone, gap: opts.Gap, after: time.After}
	if opts.ActiveLow {
		d.on, d.off = gpio.Low, gpio.High
	}
	if err := p.Out(d.off); err != nil {
		return nil, fmt.Errorf("buzzer: %s: %w", p, err)
	}
	return d, nil
}

// Beep plays one tone of length t, at most MaxBeep.
//
// Like Success and Error it returns at once: with the tone sounding when
// the buzzer was idle, or with the tone queued behind the one playing. A pin
// that fails while a sequence plays is reported by the next call.
func (d *Dev) Beep(t time.Duration) error {
	if t <= 0 || t > MaxBeep {
		return fmt.Errorf("buzzer: beep of %s is not within 0..%s", t, MaxBeep)
	}
	return d.play([]time.Duration{t})
}

// Success plays one short tone: the code was read.
func (d *Dev) Success() error {
	return d.play([]time.Duration{d.tone})
}

// Error plays two short tones: the code was not understood.
func (d *Dev) Error() error {
	return d.play([]time.Duration{d.tone, d.tone})
}

// Halt silences the buzzer at once, dropping what was playing or waiting.
// It returns once the player has ended. The buzzer plays again on the next
// call.
func (d *Dev) Halt() error {
	d.halting.Lock()
	defer d.halting.Unlock()
	d.mu.Lock()
	stop, done := d.stop, d.done
	d.stop, d.done, d.pending = nil, nil, nil
	d.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
	if err := d.p.Out(d.off); err != nil {
		return fmt.Errorf("buzzer: %s: %w", d.p, err)
	}
	return nil
}

func (d *Dev) String() string {
	return fmt.Sprintf("Buzzer{%s}", d.p)
}

// play starts seq at once when the buzzer is idle. Otherwise it queues seq
// behind what is playing, replacing anything already waiting.
func (d *Dev) play(seq []time.Duration) error {
	d.halting.Lock()
	defer d.halting.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done != nil {
		d.pending = seq
		if err := d.err; err != nil {
			d.err = nil
			return fmt.Errorf("buzzer: %s: %w", d.p, err)
		}
		return nil
	}
	// The first tone starts here rather than on the player, so that it
	// sounds without waiting for a goroutine to be scheduled and a broken
	// pin is reported to this call.
	d.err = nil
	if err := d.p.Out(d.on); err != nil {
		return fmt.Errorf("buzzer: %s: %w", d.p, err)
	}
	d.stop, d.done = make(chan struct{}), make(chan struct{})
	go d.run(seq, d.stop, d.done)
	return nil
}

// run plays seq, whose first tone is already sounding, then whatever waits,
// until nothing does.
func (d *Dev) run(seq []time.Duration, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for sounding := true; ; sounding = false {
		if !d.sound(seq, sounding, stop) {
			return // Halt silences it
		}
		d.mu.Lock()
		seq = d.pending
		d.pending = nil
		if seq == nil {
			// Idle from here on: the next call starts a new player.
			if d.done == done {
				d.stop, d.done = nil, nil
			}
			d.mu.Unlock()
			return
		}
		d.mu.Unlock()
		if !d.wait(d.gap, stop) {
			return
		}
	}
}

// sound plays the tones of seq with a gap between them; sounding says the
// first has already been switched on. It reports whether it played to the
// end before stop closed.
func (d *Dev) sound(seq []time.Duration, sounding bool, stop <-chan struct{}) bool {
	for i, t := range seq {
		if i > 0 {
			if !d.wait(d.gap, stop) {
				return false
			}
		}
		if i > 0 || !sounding {
			d.write(d.on)
		}
		if !d.wait(t, stop) {
			return false
		}
		d.write(d.off)
	}
	return true
}

// wait reports whether t passed before stop closed.
func (d *Dev) wait(t time.Duration, stop <-chan struct{}) bool {
	select {
	case <-stop:
		return false
	case <-d.after(t):
		return true
	}
}

// write keeps the first error for the next call to report.
func (d *Dev) write(l gpio.Level) {
	if err := d.p.Out(l); err != nil {
		d.mu.Lock()
		if d.err == nil {
			d.err = err
		}
		d.mu.Unlock()
	}
}
