// Package theme is the kiosk's look: Fyne's default theme forced to its light
// variant, one government blue for actions, dark text on white, sizes for a
// 7" 800×480 touch screen read from a step away, and the status colours of
// DESIGN §6 chosen to pass WCAG AA with the text drawn on them.
//
// Fyne's embedded driver does not listen to theme changes, so a screen that
// switches between New and NewLarge must rebuild its widgets itself.
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

// LargeScale is how much larger NewLarge draws text and icons than New
// (DESIGN §4: the large-text mode adds half again).
const LargeScale = 1.5

// The palette. Exported so screens can draw with the same colours the theme
// hands to Fyne's widgets.
var (
	Primary    = color.NRGBA{R: 0x0B, G: 0x4E, B: 0xA2, A: 0xFF} // government blue, actions only
	Background = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
	Foreground = color.NRGBA{R: 0x1A, G: 0x1A, B: 0x1A, A: 0xFF}
	// Muted is for secondary text (labels beside values, hints); it keeps
	// AA contrast on white.
	Muted = color.NRGBA{R: 0x55, G: 0x5B, B: 0x66, A: 0xFF}
	// Surface is the fill of ordinary (non-primary) buttons and cards.
	Surface   = color.NRGBA{R: 0xE6, G: 0xEC, B: 0xF5, A: 0xFF}
	Separator = color.NRGBA{R: 0xC9, G: 0xD2, B: 0xDE, A: 0xFF}
)

// Theme is the kiosk theme. Its zero value is not usable: call New or NewLarge.
type Theme struct {
	base  fyne.Theme
	scale float32
}

var _ fyne.Theme = (*Theme)(nil)

// New returns the normal kiosk theme.
func New() fyne.Theme { return &Theme{base: fynetheme.DefaultTheme(), scale: 1} }

// NewLarge returns the large-text variant: text, icons and paddings half
// again as large, colours unchanged.
func NewLarge() fyne.Theme { return &Theme{base: fynetheme.DefaultTheme(), scale: LargeScale} }

// IsLarge reports whether th is the kiosk's large-text theme.
func IsLarge(th fyne.Theme) bool {
	t, ok := th.(*Theme)
	return ok && t.scale > 1
}

// Color returns the kiosk colour for n, always from the light variant: the
// kiosk stands in a bright hall and must not follow a dark system setting.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if c, ok := toneTextByName(n); ok {
		return c
	}
	switch n {
	case fynetheme.ColorNamePrimary, fynetheme.ColorNameHyperlink:
		return Primary
	case fynetheme.ColorNameBackground, fynetheme.ColorNameInputBackground,
		fynetheme.ColorNameOverlayBackground, fynetheme.ColorNameMenuBackground:
		return Background
	case fynetheme.ColorNameForeground:
		return Foreground
	case fynetheme.ColorNameForegroundOnPrimary, fynetheme.ColorNameForegroundOnError,
		fynetheme.ColorNameForegroundOnSuccess:
		return Background
	case fynetheme.ColorNameForegroundOnWarning:
		return Foreground
	case fynetheme.ColorNameButton, fynetheme.ColorNameHeaderBackground:
		return Surface
	case fynetheme.ColorNameDisabledButton:
		return color.NRGBA{R: 0xEE, G: 0xEE, B: 0xEE, A: 0xFF}
	case fynetheme.ColorNameDisabled, fynetheme.ColorNamePlaceHolder:
		return Muted
	case fynetheme.ColorNameSeparator, fynetheme.ColorNameInputBorder:
		return Separator
	case fynetheme.ColorNamePressed:
		return color.NRGBA{R: 0x0B, G: 0x4E, B: 0xA2, A: 0x40}
	case fynetheme.ColorNameHover:
		return color.NRGBA{R: 0x0B, G: 0x4E, B: 0xA2, A: 0x18}
	case fynetheme.ColorNameFocus, fynetheme.ColorNameSelection:
		return color.NRGBA{R: 0x0B, G: 0x4E, B: 0xA2, A: 0x30}
	case fynetheme.ColorNameError:
		return ToneColor(ToneBad)
	case fynetheme.ColorNameSuccess:
		return ToneColor(ToneGood)
	case fynetheme.ColorNameWarning:
		return ToneColor(ToneWarning)
	}
	return t.base.Color(n, fynetheme.VariantLight)
}

// Font returns Fyne's bundled Noto Sans, which covers Vietnamese.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

// Icon returns Fyne's default icons.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Size returns sizes for a 7" 800×480 screen at Fyne scale 1: body text 20,
// headings 32, generous padding; the large variant multiplies text, icons and
// paddings.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case fynetheme.SizeNameText:
		return 20 * t.scale
	case fynetheme.SizeNameHeadingText:
		return 32 * t.scale
	case fynetheme.SizeNameSubHeadingText:
		return 24 * t.scale
	case fynetheme.SizeNameCaptionText:
		// Still body-sized: the kiosk has no small print.
		return 20 * t.scale
	case fynetheme.SizeNameInlineIcon:
		return 28 * t.scale
	case fynetheme.SizeNamePadding:
		return 6 * t.scale
	case fynetheme.SizeNameInnerPadding:
		return 12 * t.scale
	case fynetheme.SizeNameLineSpacing:
		return 6 * t.scale
	case fynetheme.SizeNameScrollBar:
		return 16
	case fynetheme.SizeNameScrollBarSmall:
		return 6
	case fynetheme.SizeNameInputRadius, fynetheme.SizeNameSelectionRadius:
		return 8
	case fynetheme.SizeNameSeparatorThickness, fynetheme.SizeNameInputBorder:
		return 2
	}
	return t.base.Size(n)
}
