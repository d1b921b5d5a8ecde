package ui

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// The appliance is built without Fyne's emoji font (build tag no_emoji:
// each text style in use parsed the 4 MB font into memory again), and a Pi
// need not have system fonts to fall back on: every rune the kiosk writes
// itself must be in the bundled Noto Sans, or it shows as an empty box.
func TestTextFontCoversOurText(t *testing.T) {
	var faces []*font.Face
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		f, err := font.ParseTTF(bytes.NewReader(theme.DefaultTheme().Font(style).Content()))
		if err != nil {
			t.Fatal(err)
		}
		faces = append(faces, f)
	}
	covered := func(r rune) bool {
		for _, f := range faces {
			if _, ok := f.NominalGlyph(r); !ok {
				return false
			}
		}
		return true
	}

	// The catalog, both languages.
	var texts []string
	for id := msgNone + 1; id < msgCount; id++ {
		texts = append(texts, text(langVI, id), text(langEN, id))
	}
	// Every string literal of the packages whose words reach the screen:
	// this one, the statuses and guidance, and the demo portal's data.
	for _, dir := range []string{".", "../firmware", "../firmware/portal/portalsim"} {
		texts = append(texts, literals(t, dir)...)
	}
	bad := map[rune]bool{}
	for _, s := range texts {
		for _, r := range s {
			if unicode.IsPrint(r) && r != ' ' && !covered(r) && !bad[r] {
				bad[r] = true
				t.Errorf("%U %q is not in the bundled font, in %q", r, r, s)
			}
		}
	}
	if len(texts) < 500 {
		t.Fatalf("only %d texts checked", len(texts))
	}
}

// literals returns the string literals of a package's non-test files.
func literals(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}
