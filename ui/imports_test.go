package ui

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoDriverImports keeps the ui tree free of fyne's app package, its
// drivers and the kiosk's storage and devices packages (DESIGN §3), so it
// builds and tests headless with CGO_ENABLED=0. The main package picks the
// driver. driver/desktop and driver/mobile hold only event interfaces
// (Mouseable, Touchable) and are allowed, and so is driver/software in
// ui/render: Fyne's software painter, pure Go and headless, which draws
// the renderer's sprites and picks no driver.
func TestNoDriverImports(t *testing.T) {
	forbidden := []string{
		"fyne.io/fyne/v2/app",
		"fyne.io/fyne/v2/driver/embedded",
		"fyne.io/fyne/v2/driver/software",
		"fyne.io/fyne/v2/internal/driver",
		"github.com/go-gl/",
		"github.com/motcua/kiosk/storage",
		"github.com/motcua/kiosk/devices",
	}
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		n++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "fyne.io/fyne/v2/driver/software" && filepath.Dir(path) == "render" {
				continue
			}
			for _, bad := range forbidden {
				if p == bad || strings.HasPrefix(p, strings.TrimSuffix(bad, "/")+"/") || (strings.HasSuffix(bad, "/") && strings.HasPrefix(p, bad)) {
					t.Errorf("%s imports %s", path, p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("checked only %d files; is the walk rooted at ui/?", n)
	}
}
