package evdev

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is what an input is for.
type Kind int

// Input kinds.
const (
	KindOther   Kind = iota // neither: ignored
	KindTouch               // a touch screen
	KindScanner             // a barcode scanner, or any keyboard
)

func (k Kind) String() string {
	switch k {
	case KindTouch:
		return "touch"
	case KindScanner:
		return "scanner"
	}
	return "other"
}

// Source is one input named on the command line (DESIGN §10).
type Source struct {
	Kind Kind
	Path string
	// X and Y are a touch source's raw ranges; zero takes them from the
	// device, or from the screen's size for a file.
	X, Y Range
}

func (s Source) String() string {
	str := s.Kind.String() + ":" + s.Path
	if s.X != (Range{}) {
		str += fmt.Sprintf("@%dx%d", s.X.Max, s.Y.Max)
	}
	return str
}

// ParseSource parses "touch:PATH[@XMAXxYMAX]" or "scanner:PATH".
func ParseSource(s string) (Source, error) {
	kind, path, ok := strings.Cut(s, ":")
	if !ok || path == "" {
		return Source{}, fmt.Errorf("evdev: input %q is not touch:PATH[@XMAXxYMAX] or scanner:PATH", s)
	}
	var src Source
	switch kind {
	case "touch":
		src.Kind = KindTouch
		if i := strings.LastIndexByte(path, '@'); i >= 0 {
			xs, ys, ok := strings.Cut(path[i+1:], "x")
			x, errx := strconv.ParseInt(xs, 10, 32)
			y, erry := strconv.ParseInt(ys, 10, 32)
			if !ok || errx != nil || erry != nil || x <= 0 || y <= 0 {
				return Source{}, fmt.Errorf("evdev: input %q: range %q is not XMAXxYMAX", s, path[i+1:])
			}
			path = path[:i]
			src.X, src.Y = Range{Max: int32(x)}, Range{Max: int32(y)}
		}
	case "scanner":
		src.Kind = KindScanner
	default:
		return Source{}, fmt.Errorf("evdev: input %q: kind %q is not touch or scanner", s, kind)
	}
	if path == "" {
		return Source{}, fmt.Errorf("evdev: input %q has no path", s)
	}
	src.Path = path
	return src, nil
}
