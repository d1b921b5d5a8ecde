package theme

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/motcua/kiosk/firmware"
)

const wcagAA = 4.5

func TestToneContrast(t *testing.T) {
	white := color.White
	for _, tone := range Tones() {
		fill, text, ink := ToneColor(tone), ToneTextColor(tone), ToneInk(tone)
		if r := Contrast(fill, text); r < wcagAA {
			t.Errorf("%v: text on band contrast %.2f < %.1f", tone, r, wcagAA)
		}
		if r := Contrast(ink, white); r < wcagAA {
			t.Errorf("%v: coloured text on white contrast %.2f < %.1f", tone, r, wcagAA)
		}
	}
}

func TestThemeContrast(t *testing.T) {
	for _, th := range []fyne.Theme{New(), NewLarge()} {
		pairs := []struct {
			name   string
			fg, bg fyne.ThemeColorName
		}{
			{"text", fynetheme.ColorNameForeground, fynetheme.ColorNameBackground},
			{"text on button", fynetheme.ColorNameForeground, fynetheme.ColorNameButton},
			{"text on primary", fynetheme.ColorNameForegroundOnPrimary, fynetheme.ColorNamePrimary},
			{"muted text", fynetheme.ColorNamePlaceHolder, fynetheme.ColorNameBackground},
			{"error text", fynetheme.ColorNameError, fynetheme.ColorNameBackground},
			{"on error", fynetheme.ColorNameForegroundOnError, fynetheme.ColorNameError},
			{"on success", fynetheme.ColorNameForegroundOnSuccess, fynetheme.ColorNameSuccess},
			{"on warning", fynetheme.ColorNameForegroundOnWarning, fynetheme.ColorNameWarning},
		}
		for _, p := range pairs {
			// Both variants: the kiosk ignores a dark system preference.
			for _, v := range []fyne.ThemeVariant{fynetheme.VariantLight, fynetheme.VariantDark} {
				if r := Contrast(th.Color(p.fg, v), th.Color(p.bg, v)); r < wcagAA {
					t.Errorf("%s (variant %d): contrast %.2f < %.1f", p.name, v, r, wcagAA)
				}
			}
		}
	}
}

func TestForcedLight(t *testing.T) {
	th := New()
	if got := th.Color(fynetheme.ColorNameBackground, fynetheme.VariantDark); got != color.Color(Background) {
		t.Errorf("dark variant background = %v, want white", got)
	}
	if got := th.Color(fynetheme.ColorNamePrimary, fynetheme.VariantLight); got != color.Color(Primary) {
		t.Errorf("primary = %v, want %v", got, Primary)
	}
}

func TestSizes(t *testing.T) {
	n, l := New(), NewLarge()
	if s := n.Size(fynetheme.SizeNameText); s < 20 {
		t.Errorf("body text %v < 20", s)
	}
	if s := n.Size(fynetheme.SizeNameHeadingText); s < 32 {
		t.Errorf("heading %v < 32", s)
	}
	for _, name := range []fyne.ThemeSizeName{fynetheme.SizeNameText, fynetheme.SizeNameHeadingText, fynetheme.SizeNameSubHeadingText} {
		if got, want := l.Size(name), n.Size(name)*LargeScale; got != want {
			t.Errorf("large %s = %v, want %v", name, got, want)
		}
	}
	if IsLarge(n) || !IsLarge(l) {
		t.Error("IsLarge wrong")
	}
}

func TestContrastKnownValues(t *testing.T) {
	if r := Contrast(color.Black, color.White); r < 20.99 || r > 21.01 {
		t.Errorf("black on white = %.3f, want 21", r)
	}
	if r := Contrast(color.White, color.White); r != 1 {
		t.Errorf("white on white = %.3f, want 1", r)
	}
}

// TestStatusTones is DESIGN §6's colour column.
func TestStatusTones(t *testing.T) {
	want := map[firmware.Status]Tone{
		1: ToneNeutral, 2: ToneInfo, 3: ToneBad, 4: ToneInfo, 5: ToneWarning,
		6: ToneWarning, 7: ToneNeutral, 8: ToneBad, 9: ToneGood, 10: ToneGood,
	}
	for _, s := range firmware.Statuses() {
		if got := StatusTone(s); got != want[s] {
			t.Errorf("status %d: %v, want %v", s, got, want[s])
		}
	}
	if StatusTone(0) != ToneNeutral || StatusTone(11) != ToneNeutral {
		t.Error("a code off the national list is not grey")
	}
}
