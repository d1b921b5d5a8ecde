package theme

import (
	"fyne.io/fyne/v2"

	"strings"

	"image/color"

	"github.com/motcua/kiosk/firmware"
)

// Status colours by tone (DESIGN §6). Each fill is paired with the text
// colour drawn on it; the pairs pass WCAG AA (4.5:1) and the fills used for
// text on white pass it too, so a tone can be a band or a coloured word.
var (
	toneFill = map[firmware.Tone]color.NRGBA{
		firmware.ToneNeutral: {R: 0x5F, G: 0x63, B: 0x68, A: 0xFF}, // grey
		firmware.ToneInfo:    {R: 0x15, G: 0x65, B: 0xC0, A: 0xFF}, // blue, lighter than the action blue
		firmware.ToneWarning: {R: 0xF2, G: 0xA9, B: 0x00, A: 0xFF}, // amber
		firmware.ToneBad:     {R: 0xB3, G: 0x26, B: 0x1E, A: 0xFF}, // red
		firmware.ToneGood:    {R: 0x1B, G: 0x7F, B: 0x3B, A: 0xFF}, // green
	}
	// Amber is too light for white text, so its band carries dark text.
	toneText = map[firmware.Tone]color.NRGBA{
		firmware.ToneNeutral: Background,
		firmware.ToneInfo:    Background,
		firmware.ToneWarning: Foreground,
		firmware.ToneBad:     Background,
		firmware.ToneGood:    Background,
	}
	// Amber words on white would be unreadable; this darker amber is for
	// text drawn with the warning tone on the white background.
	warningInk = color.NRGBA{R: 0x8A, G: 0x5A, B: 0x00, A: 0xFF}
)

// ToneColor returns the fill of a status band or badge of tone t.
func ToneColor(t firmware.Tone) color.Color {
	if c, ok := toneFill[t]; ok {
		return c
	}
	return toneFill[firmware.ToneNeutral]
}

// ToneTextColor returns the colour of text drawn on ToneColor(t).
func ToneTextColor(t firmware.Tone) color.Color {
	if c, ok := toneText[t]; ok {
		return c
	}
	return toneText[firmware.ToneNeutral]
}

// ToneInk returns the colour for text of tone t drawn on the white
// background (a coloured word rather than a band).
func ToneInk(t firmware.Tone) color.Color {
	if t == firmware.ToneWarning {
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
func ToneTextName(t firmware.Tone) fyne.ThemeColorName {
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
func Tones() []firmware.Tone {
	return []firmware.Tone{firmware.ToneNeutral, firmware.ToneInfo, firmware.ToneWarning, firmware.ToneBad, firmware.ToneGood}
}
