package theme

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/motcua/kiosk/firmware"
)

// Tone is a colour family of the screens: the status colours of DESIGN §6,
// also used for the staff dashboard's alerts and parts. Status colours are
// used for status only; the action blue is the theme's primary colour.
type Tone int

// Tones.
const (
	ToneNeutral Tone = iota // grey
	ToneInfo                // blue
	ToneWarning             // amber
	ToneBad                 // red
	ToneGood                // green
)

func (t Tone) String() string {
	switch t {
	case ToneNeutral:
		return "neutral"
	case ToneInfo:
		return "info"
	case ToneWarning:
		return "warning"
	case ToneBad:
		return "bad"
	case ToneGood:
		return "good"
	}
	return fmt.Sprintf("Tone(%d)", int(t))
}

// statusTones is DESIGN §6's colour column.
var statusTones = map[firmware.Status]Tone{
	firmware.StatusSubmitted:   ToneNeutral,
	firmware.StatusAccepted:    ToneInfo,
	firmware.StatusNotAccepted: ToneBad,
	firmware.StatusInProgress:  ToneInfo,
	firmware.StatusMorePapers:  ToneWarning,
	firmware.StatusFeesDue:     ToneWarning,
	firmware.StatusWithdrawn:   ToneNeutral,
	firmware.StatusStopped:     ToneBad,
	firmware.StatusReady:       ToneGood,
	firmware.StatusHandedOver:  ToneGood,
}

// StatusTone is the colour a status is shown in; grey for a code the
// national list does not have.
func StatusTone(s firmware.Status) Tone {
	if t, ok := statusTones[s]; ok {
		return t
	}
	return ToneNeutral
}

// Status colours by tone (DESIGN §6). Each fill is paired with the text
// colour drawn on it; the pairs pass WCAG AA (4.5:1) and the fills used for
// text on white pass it too, so a tone can be a band or a coloured word.
var (
	toneFill = map[Tone]color.NRGBA{
		ToneNeutral: {R: 0x5F, G: 0x63, B: 0x68, A: 0xFF}, // grey
		ToneInfo:    {R: 0x15, G: 0x65, B: 0xC0, A: 0xFF}, // blue, lighter than the action blue
		ToneWarning: {R: 0xF2, G: 0xA9, B: 0x00, A: 0xFF}, // amber
		ToneBad:     {R: 0xB3, G: 0x26, B: 0x1E, A: 0xFF}, // red
		ToneGood:    {R: 0x1B, G: 0x7F, B: 0x3B, A: 0xFF}, // green
	}
	// Amber is too light for white text, so its band carries dark text.
	toneText = map[Tone]color.NRGBA{
		ToneNeutral: Background,
		ToneInfo:    Background,
		ToneWarning: Foreground,
		ToneBad:     Background,
		ToneGood:    Background,
	}
	// Amber words on white would be unreadable; this darker amber is for
	// text drawn with the warning tone on the white background.
	warningInk = color.NRGBA{R: 0x8A, G: 0x5A, B: 0x00, A: 0xFF}
)

// ToneColor returns the fill of a status band or badge of tone t.
func ToneColor(t Tone) color.Color {
	if c, ok := toneFill[t]; ok {
		return c
	}
	return toneFill[ToneNeutral]
}

// ToneTextColor returns the colour of text drawn on ToneColor(t).
func ToneTextColor(t Tone) color.Color {
	if c, ok := toneText[t]; ok {
		return c
	}
	return toneText[ToneNeutral]
}

// ToneInk returns the colour for text of tone t drawn on the white
// background (a coloured word rather than a band).
func ToneInk(t Tone) color.Color {
	if t == ToneWarning {
		return warningInk
	}
	return ToneColor(t)
}

// toneTextPrefix names the theme colours of text on a tone's band, so a
// RichText segment can ask the theme for them by name. A per-band
// container.ThemeOverride would do it too, but Fyne 2.7.1 keys its font
// cache by theme, so every override parsed the fonts again and was never
// freed: hundreds of MB after a day of lookups on the appliance.
const toneTextPrefix = "motcua-tone-text-"

// ToneTextName is the theme colour name of ToneTextColor(t).
func ToneTextName(t Tone) fyne.ThemeColorName {
	return fyne.ThemeColorName(toneTextPrefix + t.String())
}

// toneTextByName resolves a ToneTextName.
func toneTextByName(n fyne.ThemeColorName) (color.Color, bool) {
	name, ok := strings.CutPrefix(string(n), toneTextPrefix)
	if !ok {
		return nil, false
	}
	for _, t := range Tones() {
		if t.String() == name {
			return ToneTextColor(t), true
		}
	}
	return nil, false
}

// Tones lists the tones that have colours, in order.
func Tones() []Tone {
	return []Tone{ToneNeutral, ToneInfo, ToneWarning, ToneBad, ToneGood}
}
