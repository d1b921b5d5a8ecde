package deb

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"
)

// Name is the package's name.
const Name = "motcua-kiosk"

//go:embed files
var packaged embed.FS

// Arches are the Debian architectures the kiosk is packaged for, with the
// GOARCH/GOARM the binary must be built with.
var Arches = map[string]string{
	"arm64": "arm64",
	"armhf": "arm/7",
	"amd64": "amd64",
}

// Opts says what to package.
type Opts struct {
	Binary  string    // the kiosk binary for Arch
	Arch    string    // a key of Arches
	Version string    // e.g. "1.2.0", or a git description such as "0eee689-dirty"
	OutDir  string    // where the .deb is written
	MTime   time.Time // file times in the package; zero: the binary's
}

// debVersion is a release version: it starts with numbers and a dot, so a
// bare git hash such as "0eee689" is not taken for one.
var debVersion = regexp.MustCompile(`^[0-9]+\.[0-9]+[A-Za-z0-9.+~-]*$`)

// Version turns a version string into one dpkg orders sensibly: a git
// description without a tag becomes 0.0.0~git<desc>, below any release.
func Version(v string) string {
	if v == "" {
		return "0.0.0~dev"
	}
	if v[0] == 'v' && len(v) > 1 && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	if debVersion.MatchString(v) {
		return v
	}
	clean := regexp.MustCompile(`[^A-Za-z0-9.+~]`).ReplaceAllString(v, ".")
	return "0.0.0~git" + clean
}

// Build writes the package into opts.OutDir and returns its path.
func Build(opts Opts) (string, error) {
	if _, ok := Arches[opts.Arch]; !ok {
		return "", fmt.Errorf("deb: unknown architecture %q", opts.Arch)
	}
	fi, err := os.Stat(opts.Binary)
	if err != nil {
		return "", fmt.Errorf("deb: binary: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("deb: binary %s is not a regular file", opts.Binary)
	}
	mtime := opts.MTime
	if mtime.IsZero() {
		mtime = fi.ModTime()
	}
	tmp, err := os.MkdirTemp("", "motcua-deb-")
	if err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	defer os.RemoveAll(tmp)
	// nfpm reads files from disk: lay the embedded ones out first.
	if err := os.CopyFS(tmp, packaged); err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	src := func(name string) string { return filepath.Join(tmp, "files", name) }

	info := nfpm.WithDefaults(&nfpm.Info{
		Name:          Name,
		Arch:          opts.Arch,
		Platform:      "linux",
		Version:       Version(opts.Version),
		VersionSchema: "none",
		Section:       "misc",
		Priority:      "optional",
		Maintainer:    "Một Cửa Kiosk <kythuat@motcua.invalid>",
		Description: "Kiosk for commune one-stop offices\n" +
			"Citizens scan a dossier receipt and see where it stands; staff see usage\n" +
			"counts and device health. Renders to the framebuffer, no X needed.",
		Homepage: "https://motcua.invalid/kiosk",
		License:  "Proprietary",
		MTime:    mtime,
		Overridables: nfpm.Overridables{
			Depends:    []string{"adduser", "systemd"},
			Recommends: []string{"systemd-timesyncd | chrony | ntpsec"},
			Contents: files.Contents{
				{Source: opts.Binary, Destination: "/usr/bin/kiosk",
					FileInfo: &files.ContentFileInfo{Mode: 0o755, MTime: mtime}},
				{Source: src("motcua-kiosk.service"), Destination: "/lib/systemd/system/motcua-kiosk.service",
					FileInfo: &files.ContentFileInfo{Mode: 0o644, MTime: mtime}},
				{Source: src("motcua-kiosk-update-check.service"), Destination: "/lib/systemd/system/motcua-kiosk-update-check.service",
					FileInfo: &files.ContentFileInfo{Mode: 0o644, MTime: mtime}},
				{Source: src("90-motcua-kiosk-sysctl.conf"), Destination: "/usr/lib/sysctl.d/90-motcua-kiosk.conf",
					FileInfo: &files.ContentFileInfo{Mode: 0o644, MTime: mtime}},
				{Source: src("motcua-kiosk-logind.conf"), Destination: "/usr/lib/systemd/logind.conf.d/motcua-kiosk.conf",
					FileInfo: &files.ContentFileInfo{Mode: 0o644, MTime: mtime}},
				{Source: src("99-motcua-kiosk.rules"), Destination: "/lib/udev/rules.d/99-motcua-kiosk.rules",
					FileInfo: &files.ContentFileInfo{Mode: 0o644, MTime: mtime}},
				{Source: src("kiosk.toml"), Destination: "/etc/motcua-kiosk/kiosk.toml", Type: files.TypeConfigNoReplace,
					FileInfo: &files.ContentFileInfo{Mode: 0o644, MTime: mtime}},
				{Destination: "/etc/motcua-kiosk", Type: files.TypeDir,
					FileInfo: &files.ContentFileInfo{Mode: 0o755, MTime: mtime}},
			},
			Scripts: nfpm.Scripts{
				PostInstall: src("postinst"),
				PreRemove:   src("prerm"),
				PostRemove:  src("postrm"),
			},
		},
	})
	if err := nfpm.PrepareForPackager(info, "deb"); err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	out := filepath.Join(opts.OutDir, deb.Default.ConventionalFileName(info))
	f, err := os.Create(out)
	if err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	if err := deb.Default.Package(info, f); err != nil {
		f.Close()
		os.Remove(out)
		return "", fmt.Errorf("deb: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("deb: %w", err)
	}
	return out, nil
}

// File returns one of the packaged files, for tests and documentation.
func File(name string) ([]byte, error) {
	b, err := fs.ReadFile(packaged, "files/"+name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("deb: no packaged file %q", name)
	}
	return b, err
}
