package provision

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"

	diskfs "github.com/diskfs/go-diskfs"
	"github.com/diskfs/go-diskfs/disk"
	"github.com/diskfs/go-diskfs/filesystem"
	"github.com/diskfs/go-diskfs/partition/mbr"

	"github.com/motcua/kiosk/build/sign"
	"github.com/motcua/kiosk/build/target"
)

// clearedText replaces a settings file that the profile no longer has.
const clearedText = "# Not used: this kiosk's profile no longer has these settings. Removed at first boot.\n"

// ErrNotPiImage means the target does not look like a Raspberry Pi OS card.
var ErrNotPiImage = errors.New("provision: not a Raspberry Pi OS image")

// Options tune Provision. A nil *Options means the defaults.
type Options struct {
	// Guard decides which targets are refused; the zero value checks the
	// running system's mount table and root disk.
	Guard target.Guard
	// Rand makes the HMAC key when the profile has none; nil means
	// crypto/rand.
	Rand io.Reader
}

// Report says what Provision wrote.
type Report struct {
	Target        target.Target
	Written       []string // files written to the boot partition
	Cleared       []string // stale files of an earlier provisioning, emptied
	Unchanged     []string // files already as they should be (config.txt)
	GeneratedHMAC bool     // the HMAC key was made here, not taken from the profile
}

// Provision writes p's settings into the FAT boot partition (the first
// partition of the MBR) of the card or image file at to, without mounting
// it. Everything is prepared and checked before the first write;
// cmdline.txt, which arms the first-boot script, is written last; every
// file is read back and compared after writing. The root partition is not
// touched.
func Provision(ctx context.Context, to string, p *Profile, opts *Options) (*Report, error) {
	if opts == nil {
		opts = &Options{}
	}
	t, err := opts.Guard.Check(to)
	if err != nil {
		return nil, err
	}
	if t.Kind == target.Missing {
		return nil, fmt.Errorf("provision: %s does not exist; flash the image first (kioskctl flash)", to)
	}
	rep := &Report{Target: t}

	d, err := diskfs.Open(t.Path, diskfs.WithOpenMode(diskfs.ReadWriteExclusive))
	if err != nil {
		return nil, fmt.Errorf("provision: opening %s: %w", t.Path, err)
	}
	closed := false
	defer func() {
		if !closed {
			d.Close()
		}
	}()
	bootFS, err := bootPartition(d, t.Path)
	if err != nil {
		return nil, err
	}

	config, err := readFile(bootFS, configTxt)
	if err != nil {
		return nil, fmt.Errorf("%w: %s has no config.txt on its first partition (%v)", ErrNotPiImage, t.Path, err)
	}
	cmdline, err := readFile(bootFS, cmdlineTxt)
	if err != nil {
		return nil, fmt.Errorf("%w: %s has no cmdline.txt on its first partition (%v)", ErrNotPiImage, t.Path, err)
	}

	// Everything is prepared before anything is written.
	files, stale, err := prepare(p, string(config), string(cmdline), randReader(opts.Rand), rep)
	if err != nil {
		return nil, err
	}
	if p.Package != "" {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := copyIn(bootFS, packageFile, p.path(p.Package)); err != nil {
			return nil, err
		}
		rep.Written = append(rep.Written, packageFile)
		// Its signature lets the first update roll back to it.
		if fi, err := os.Stat(p.path(p.Package) + sign.Ext); err == nil && fi.Mode().IsRegular() {
			if err := copyIn(bootFS, packageFile+sign.Ext, p.path(p.Package)+sign.Ext); err != nil {
				return nil, err
			}
			rep.Written = append(rep.Written, packageFile+sign.Ext)
		}
	}
	// A file of an earlier provisioning that this profile no longer has is
	// emptied, not removed: go-diskfs v1.9.4's Remove leaves the file's
	// clusters allocated (fsck.fat reclaims them). The first-boot script
	// deletes it.
	for _, name := range stale {
		// Stat takes an io/fs path (no leading slash), OpenFile a rooted one.
		if _, err := bootFS.Stat(name); err == nil {
			files = append([]file{{name, []byte(clearedText)}}, files...)
			rep.Cleared = append(rep.Cleared, name)
		}
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := writeFile(bootFS, f.name, f.data); err != nil {
			return nil, err
		}
		rep.Written = append(rep.Written, f.name)
	}
	for _, f := range files {
		got, err := readFile(bootFS, f.name)
		if err != nil || !bytes.Equal(got, f.data) {
			return nil, fmt.Errorf("provision: %s reads back different from what was written (%v); the card may be failing", f.name, err)
		}
	}
	if err := syncBackend(d); err != nil {
		return nil, fmt.Errorf("provision: flushing %s: %w", t.Path, err)
	}
	closed = true
	if err := d.Close(); err != nil {
		return nil, fmt.Errorf("provision: closing %s: %w", t.Path, err)
	}
	return rep, nil
}

// file is one file to write on the boot partition.
type file struct {
	name string
	data []byte
}

// prepare renders every file for p from the card's config.txt and
// cmdline.txt, in the order they are to be written (cmdline.txt, which arms
// the first-boot script, last), and lists the settings files of an earlier
// provisioning that p no longer has.
func prepare(p *Profile, config, cmdline string, rnd io.Reader, rep *Report) (files []file, stale []string, err error) {
	add := func(name string, data []byte, err error) error {
		if err == nil {
			files = append(files, file{name, data})
		}
		return err
	}
	kioskData, err := kioskTOML(p)
	if err := add(kioskFile, kioskData, err); err != nil {
		return nil, nil, err
	}
	secretsData, generated, err := secretsTOML(p, rnd)
	if err := add(secretsFile, secretsData, err); err != nil {
		return nil, nil, err
	}
	rep.GeneratedHMAC = generated
	if p.WiFi != nil {
		files = append(files, file{wifiFile, wifiKeyfile(p)})
	} else {
		stale = append(stale, wifiFile)
	}
	if len(p.SSH.AuthorizedKeys) > 0 {
		files = append(files, file{keysFile, authorizedKeys(p)})
	} else {
		stale = append(stale, keysFile)
	}
	if p.UpdateKey != "" {
		data, err := updateKey(p)
		if err := add(updateFile, data, err); err != nil {
			return nil, nil, err
		}
	} else {
		stale = append(stale, updateFile)
	}
	script, err := firstRun(p)
	if err := add(firstRunName, script, err); err != nil {
		return nil, nil, err
	}
	newConfig, changed := enableI2C(config)
	if changed {
		files = append(files, file{configTxt, []byte(newConfig)})
	} else {
		rep.Unchanged = append(rep.Unchanged, configTxt)
	}
	newCmdline, err := editCmdline(cmdline, p)
	if err != nil {
		return nil, nil, err
	}
	// Last: the hook that makes the first boot run the script.
	files = append(files, file{cmdlineTxt, []byte(newCmdline)})

	return files, stale, nil
}

// bootPartition returns the FAT filesystem of the first MBR partition.
func bootPartition(d *disk.Disk, path string) (filesystem.FileSystem, error) {
	tbl, err := d.GetPartitionTable()
	if err != nil {
		return nil, fmt.Errorf("%w: %s has no partition table (%v); is it a raw image (not .xz)?", ErrNotPiImage, path, err)
	}
	if _, ok := tbl.(*mbr.Table); !ok {
		return nil, fmt.Errorf("%w: %s has a %s partition table, Raspberry Pi OS uses MBR", ErrNotPiImage, path, tbl.Type())
	}
	bootFS, err := d.GetFilesystem(1)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: first partition: %v", ErrNotPiImage, path, err)
	}
	switch bootFS.Type() {
	case filesystem.TypeFat32, filesystem.TypeFat16, filesystem.TypeFat12:
	default:
		return nil, fmt.Errorf("%w: %s: the first partition is not FAT", ErrNotPiImage, path)
	}
	return bootFS, nil
}

func readFile(fsys filesystem.FileSystem, name string) ([]byte, error) {
	return fsys.ReadFile("/" + name)
}

func writeFile(fsys filesystem.FileSystem, name string, data []byte) error {
	f, err := fsys.OpenFile("/"+name, os.O_CREATE|os.O_RDWR|os.O_TRUNC)
	if err != nil {
		return fmt.Errorf("provision: creating %s on the boot partition: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("provision: writing %s on the boot partition: %w", name, err)
	}
	return f.Close()
}

// copyIn streams the file at src into name on the boot partition and
// compares SHA-256 digests of the source and the copy read back.
func copyIn(fsys filesystem.FileSystem, name, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("provision: package: %w", err)
	}
	defer in.Close()
	out, err := fsys.OpenFile("/"+name, os.O_CREATE|os.O_RDWR|os.O_TRUNC)
	if err != nil {
		return fmt.Errorf("provision: creating %s on the boot partition: %w", name, err)
	}
	h := sha256.New()
	_, err = io.CopyBuffer(struct{ io.Writer }{out}, io.TeeReader(in, h), make([]byte, 1<<20))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("provision: copying %s to the boot partition: %w", src, err)
	}
	back, err := fsys.Open("/" + name)
	if err != nil {
		return fmt.Errorf("provision: reading back %s: %w", name, err)
	}
	defer back.Close()
	h2 := sha256.New()
	if _, err := io.Copy(h2, back); err != nil {
		return fmt.Errorf("provision: reading back %s: %w", name, err)
	}
	if !bytes.Equal(h.Sum(nil), h2.Sum(nil)) {
		return fmt.Errorf("provision: %s reads back different from %s; the card may be failing", name, src)
	}
	return nil
}

func syncBackend(d *disk.Disk) error {
	f, err := d.Backend.Sys()
	if err != nil || f == nil {
		return nil // not file-backed: nothing to flush
	}
	return f.Sync()
}
