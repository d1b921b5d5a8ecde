// Package house holds the tests of the module's shape: which package may
// import what (README's architecture), and that the kiosk has one time
// zone. It has no code of its own; its tests read the module from its
// root, two folders up.
package house

import (
	"errors"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/motcua/kiosk"

// rule is one package's stated dependency rule. It applies to the package
// under pkg (a path in the module; "ui/..." is ui and everything under it)
// and to everything it imports from the module, so a rule cannot be
// dodged through a helper package.
type rule struct {
	pkg string
	why string
	// bad reports whether an import breaks the rule.
	bad func(imp string) bool
	// excused lists files that break the rule today, each with what is to
	// become of it; the test fails when an excused file no longer needs
	// the excuse, so the list only shrinks.
	excused map[string]string
	// allowed lists, by package, imports the rule would refuse that the
	// package may make for good, each with why.
	allowed map[string]map[string]string
}

// under reports whether imp is one of pkgs or a package under one.
func under(imp string, pkgs ...string) bool {
	for _, p := range pkgs {
		if imp == p || strings.HasPrefix(imp, p+"/") {
			return true
		}
	}
	return false
}

func std(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

var rules = []rule{
	{
		pkg: "firmware",
		why: "the domain is standard library only; everything imports it and it imports nothing of ours",
		bad: func(imp string) bool { return !std(imp) },
	},
	{
		pkg: "firmware/kiosk",
		why: "the application is pure logic over firmware's interfaces: no disk, no files, no storage or devices",
		bad: func(imp string) bool {
			return slices.Contains([]string{"os", "os/exec", "io/ioutil", "path/filepath", "syscall", "database/sql",
				"golang.org/x/sys/unix"}, imp) ||
				under(imp, module+"/storage", module+"/devices", module+"/ui", "modernc.org/sqlite", "fyne.io/fyne/v2")
		},
		excused: map[string]string{
			"firmware/kiosk/clock_linux.go": "the system clock reads the boot ID and CLOCK_BOOTTIME; it is to move beside the other adapters",
			"firmware/kiosk/clock.go":       "the clock's sync check reads timesyncd's flag file; it is to move with the system clock",
		},
	},
	{
		pkg: "firmware/settings",
		why: "the settings files are read by the kiosk and by kioskctl on a technician's laptop: the application's policies and the TOML reader, never a server, a database, a driver or the screens",
		bad: func(imp string) bool {
			return under(imp, module+"/storage", module+"/devices", module+"/ui", module+"/firmware/admin", module+"/firmware/cmd",
				module+"/build", "modernc.org/sqlite", "fyne.io/fyne/v2", "periph.io", "github.com/prometheus")
		},
	},
	{
		pkg: "firmware/memstore",
		why: "the stores in memory are firmware's interfaces over the standard library: the kiosk's defaults, tests' fakes",
		bad: func(imp string) bool { return !std(imp) && imp != module+"/firmware" },
	},
	{
		pkg: "ui/...",
		why: "the screens build from widgets only and test headless without cgo: never fyne's app or drivers, storage, devices or the application",
		bad: func(imp string) bool {
			return under(imp, "fyne.io/fyne/v2/app", "fyne.io/fyne/v2/driver/embedded", "fyne.io/fyne/v2/driver/software",
				"fyne.io/fyne/v2/internal/driver", "github.com/go-gl",
				module+"/storage", module+"/devices", module+"/firmware/kiosk", module+"/firmware/portal", module+"/firmware/admin")
		},
		allowed: map[string]map[string]string{
			"ui/render": {"fyne.io/fyne/v2/driver/software": "Fyne's software painter, pure Go and headless, draws the renderer's sprites and picks no driver"},
		},
	},
	{
		pkg: "firmware/cmd/kiosk/internal/screen",
		why: "the appliance's screen draws into an interface and takes touches as values: Fyne's driver interface, ui/render and ui/touch, evdev's contacts and the backlight's curve; it opens no device and knows neither the application nor the screens, and no app or GL driver",
		bad: func(imp string) bool {
			if under(imp, module+"/ui/render", module+"/ui/touch", module+"/devices/evdev", module+"/devices/backlight") {
				return false
			}
			return under(imp, "fyne.io/fyne/v2/app", "fyne.io/fyne/v2/driver/desktop", "fyne.io/fyne/v2/internal/driver", "github.com/go-gl",
				module+"/ui", module+"/devices", module+"/storage", module+"/firmware/kiosk", module+"/firmware/portal",
				module+"/firmware/admin", module+"/firmware/settings", "modernc.org/sqlite")
		},
	},
	{
		pkg: "storage/...",
		why: "storage is an adapter of firmware's interfaces: never the screens or the devices",
		bad: func(imp string) bool { return under(imp, module+"/ui", module+"/devices", "fyne.io/fyne/v2") },
	},
	{
		pkg: "devices/...",
		why: "a part's driver is an adapter: never the screens or storage",
		bad: func(imp string) bool { return under(imp, module+"/ui", module+"/storage", "fyne.io/fyne/v2") },
	},
}

// graph is the module's packages: for each (by path in the module), its
// files and each file's imports, without tests.
type graph map[string]map[string][]string

// loadGraph reads the module at root as ctx builds it.
func loadGraph(root string, ctx build.Context) (graph, error) {
	g := graph{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
			name == "dist" || name == "bin") {
			return filepath.SkipDir
		}
		pkg, err := ctx.ImportDir(p, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		} else if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files := map[string][]string{}
		for _, f := range pkg.GoFiles {
			parsed, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p, f), nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range parsed.Imports {
				s, _ := strconv.Unquote(imp.Path.Value)
				files[path.Join(filepath.ToSlash(rel), f)] = append(files[path.Join(filepath.ToSlash(rel), f)], s)
			}
		}
		g[filepath.ToSlash(rel)] = files
		return nil
	})
	return g, err
}

// violations checks every rule against g: each import, direct or through
// the module's own packages, that a rule forbids, named with the chain
// that reaches it. Excuses that are no longer needed are reported too.
func violations(g graph, rules []rule) []string {
	var out []string
	for _, r := range rules {
		base := strings.TrimSuffix(r.pkg, "/...")
		used := map[string]bool{}
		for pkg := range g {
			if pkg != base && !(strings.HasSuffix(r.pkg, "/...") && strings.HasPrefix(pkg, base+"/")) {
				continue
			}
			seen := map[string]bool{}
			var walk func(pkg string, chain []string)
			walk = func(pkg string, chain []string) {
				if seen[pkg] {
					return
				}
				seen[pkg] = true
				for _, file := range slices.Sorted(mapKeys(g[pkg])) {
					for _, imp := range g[pkg][file] {
						if _, ok := r.allowed[pkg][imp]; r.bad(imp) && !ok {
							if _, ok := r.excused[file]; ok {
								used[file] = true
							} else {
								out = append(out, strings.Join(append(chain, file), " → ")+" imports "+imp+": "+r.why)
							}
						}
						if dep, ok := strings.CutPrefix(imp, module+"/"); ok {
							walk(dep, append(slices.Clone(chain), pkg))
						}
					}
				}
			}
			walk(pkg, nil)
		}
		for _, file := range slices.Sorted(mapKeys(r.excused)) {
			if !used[file] {
				out = append(out, file+" is excused from "+r.pkg+"'s rule but no longer needs it: drop the excuse")
			}
		}
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestHouseRules checks each package's dependency rule, with the default
// build and with the appliance's tags, whose files differ.
// moduleRoot is where the module's go.mod is, from this package's folder.
const moduleRoot = "../.."

func TestHouseRules(t *testing.T) {
	t.Chdir(moduleRoot)
	for _, tags := range [][]string{nil, {"noos", "no_emoji"}} {
		ctx := build.Default
		ctx.GOOS, ctx.BuildTags = "linux", tags
		g, err := loadGraph(".", ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range []string{"firmware", "firmware/kiosk", "firmware/settings", "firmware/memstore", "ui", "ui/theme", "storage", "devices/board",
			"firmware/cmd/kiosk/internal/screen"} {
			if len(g[pkg]) == 0 {
				t.Fatalf("tags %v: package %s not found; is the test run from the module's root?", tags, pkg)
			}
		}
		for _, v := range violations(g, rules) {
			t.Errorf("tags %v: %s", tags, v)
		}
	}
}

// TestHouseRulesCatchViolations feeds the checker a module that breaks
// its rules, directly and through a helper, so that TestHouseRules
// passing means something.
func TestHouseRulesCatchViolations(t *testing.T) {
	g := graph{
		"firmware":          {"firmware/a.go": {"fmt", "github.com/other/lib"}},
		"firmware/kiosk":    {"firmware/kiosk/k.go": {module + "/firmware/helper"}, "firmware/kiosk/clock.go": {"os"}},
		"firmware/helper":   {"firmware/helper/h.go": {"os"}},
		"ui":                {"ui/ui.go": {module + "/ui/widget"}},
		"ui/widget":         {"ui/widget/w.go": {module + "/storage"}},
		"storage":           {"storage/s.go": {module + "/firmware"}},
		"devices/board":     {"devices/board/b.go": {module + "/firmware"}},
		"firmware/settings": {"firmware/settings/s.go": {module + "/firmware/kiosk", module + "/firmware/admin"}},
		"ui/render":         {"ui/render/r.go": {"fyne.io/fyne/v2/driver/software"}},
		"ui/theme":          {"ui/theme/t.go": {"fyne.io/fyne/v2/driver/software"}},
	}
	g["firmware/cmd/kiosk/internal/screen"] = map[string][]string{
		"firmware/cmd/kiosk/internal/screen/s.go": {module + "/devices/evdev", module + "/ui/touch", module + "/devices/fbdev"},
	}
	got := violations(g, rules)
	want := []string{
		"firmware/a.go imports github.com/other/lib",
		"firmware/kiosk → firmware/helper/h.go imports os",
		"ui → ui/widget/w.go imports " + module + "/storage",
		"firmware/settings/s.go imports " + module + "/firmware/admin",
		"ui/theme/t.go imports fyne.io/fyne/v2/driver/software",
		"firmware/cmd/kiosk/internal/screen/s.go imports " + module + "/devices/fbdev",
		"firmware/kiosk/clock_linux.go is excused from firmware/kiosk's rule but no longer needs it",
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(v string) bool { return strings.HasPrefix(v, w) }) {
			t.Errorf("no violation %q among %q", w, got)
		}
	}
	if slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, "clock.go imports") }) {
		t.Errorf("an excused file reported: %q", got)
	}
	if slices.ContainsFunc(got, func(v string) bool {
		return strings.Contains(v, "screen/s.go imports "+module+"/devices/evdev") || strings.Contains(v, "screen/s.go imports "+module+"/ui/touch")
	}) {
		t.Errorf("the screen's evdev or ui/touch reported: %q", got)
	}
	if slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, "ui/render/r.go imports") }) {
		t.Errorf("an allowed import reported: %q", got)
	}
}

// TestOneTimeZone: the kiosk's zone is firmware.Vietnam and nothing else
// makes one (the Pi may have no tzdata, and two zones drift apart).
func TestOneTimeZone(t *testing.T) {
	t.Chdir(moduleRoot)
	n := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || p == "firmware/zone.go" {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		for _, bad := range []string{"time.FixedZone(", `time.LoadLocation("Asia/Ho_Chi_Minh")`} {
			if strings.Contains(string(src), bad) {
				t.Errorf("%s makes a zone of its own (%s); use firmware.Vietnam", p, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("read only %d files", n)
	}
}
