package flash

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ulikunitz/xz"

	"github.com/motcua/kiosk/build/internal/loopdev"
	"github.com/motcua/kiosk/build/internal/piimage"
	"github.com/motcua/kiosk/build/target"
)

var (
	imageOnce         sync.Once
	imagePath, xzPath string
	imageErr          error
	imageDir          string
	imageSHA          string
)

// testImage builds the synthetic Pi image and its .xz once per test run.
func testImage(t *testing.T) (img, imgXZ, sum string) {
	t.Helper()
	imageOnce.Do(func() {
		imageDir, imageErr = os.MkdirTemp("", "flash-test-")
		if imageErr != nil {
			return
		}
		imagePath = filepath.Join(imageDir, "kiosk.img")
		if imageErr = piimage.Build(imagePath); imageErr != nil {
			return
		}
		xzPath = imagePath + ".xz"
		imageErr = compress(imagePath, xzPath)
		if imageErr == nil {
			imageSHA, imageErr = piimage.HashRange(imagePath, 0, piimage.Size)
		}
	})
	if imageErr != nil {
		t.Fatal(imageErr)
	}
	return imagePath, xzPath, imageSHA
}

func TestMain(m *testing.M) {
	code := m.Run()
	if imageDir != "" {
		os.RemoveAll(imageDir)
	}
	os.Exit(code)
}

func compress(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	w, err := xz.NewWriter(out)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, in); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.Close()
}

// safe is a guard that knows no mounts and no system disk.
func safe(t *testing.T) target.Guard {
	mounts := filepath.Join(t.TempDir(), "mounts")
	os.WriteFile(mounts, []byte("proc /proc proc rw 0 0\n"), 0o644)
	return target.Guard{Mounts: mounts, RootDisks: func() ([]string, error) { return nil, nil }}
}

func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	x, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(x) != len(y) {
		t.Fatalf("%s is %d bytes, %s is %d", a, len(x), b, len(y))
	}
	if !bytes.Equal(x, y) {
		for i := range x {
			if x[i] != y[i] {
				t.Fatalf("%s and %s differ first at byte %d", a, b, i)
			}
		}
	}
}

func TestFlashPlainAndXZ(t *testing.T) {
	img, imgXZ, sum := testImage(t)
	for _, src := range []string{img, imgXZ} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			to := filepath.Join(t.TempDir(), "card.img")
			var progress bytes.Buffer
			res, err := Flash(context.Background(), src, to, &Options{Guard: safe(t), Progress: &progress, Every: time.Nanosecond})
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, img, to)
			if res.Bytes != piimage.Size || res.SHA256 != sum || !res.SizeSet {
				t.Errorf("Result = %+v, want %d bytes, sha256 %s", res, piimage.Size, sum)
			}
			got, _ := piimage.HashRange(to, 0, piimage.Size)
			if got != sum {
				t.Errorf("target sha256 %s, image %s", got, sum)
			}
			out := progress.String()
			for _, want := range []string{"\rwriting ", "of 60.0 MiB (", "100%", "\rverifying ", "MiB/s"} {
				if !strings.Contains(out, want) {
					t.Errorf("progress lacks %q:\n%q", want, out[max(0, len(out)-400):])
				}
			}
			if s := res.String(); !strings.Contains(s, "wrote 60.0 MiB") || !strings.Contains(s, sum) {
				t.Errorf("Result.String() = %q", s)
			}
		})
	}
}

func TestFlashTruncatesALongerFile(t *testing.T) {
	img, _, _ := testImage(t)
	to := filepath.Join(t.TempDir(), "old.img")
	if err := os.WriteFile(to, bytes.Repeat([]byte{0xAA}, piimage.Size+12345), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Flash(context.Background(), img, to, &Options{Guard: safe(t)}); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, img, to)
}

func TestImageSize(t *testing.T) {
	img, imgXZ, _ := testImage(t)
	for _, p := range []string{img, imgXZ} {
		n, known, err := ImageSize(p)
		if err != nil || !known || n != piimage.Size {
			t.Errorf("ImageSize(%s) = %d, %v, %v; want %d", p, n, known, err, piimage.Size)
		}
	}
}

// Two concatenated xz streams with stream padding between and after them,
// as xz(1) allows.
func TestXZSizeConcatenatedStreams(t *testing.T) {
	var buf bytes.Buffer
	for _, part := range [][]byte{bytes.Repeat([]byte("a"), 100000), []byte("hello"), {}} {
		w, err := xz.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(part)
		w.Close()
		buf.Write(make([]byte, 8)) // stream padding
	}
	n, err := xzUncompressedSize(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || n != 100005 {
		t.Fatalf("xzUncompressedSize = %d, %v; want 100005", n, err)
	}
	// A truncated file has no readable index: the size is unknown, no error.
	trunc := filepath.Join(t.TempDir(), "t.img.xz")
	os.WriteFile(trunc, buf.Bytes()[:buf.Len()/2], 0o644)
	if n, known, err := ImageSize(trunc); known || err != nil {
		t.Errorf("ImageSize(truncated) = %d, %v, %v; want unknown", n, known, err)
	}
}

func TestFlashRefuses(t *testing.T) {
	img, _, _ := testImage(t)
	dir := t.TempDir()
	card := filepath.Join(dir, "sdb")
	os.WriteFile(card, []byte("untouched"), 0o644)
	mounts := filepath.Join(dir, "mounts")
	os.WriteFile(mounts, []byte(card+"1 /media/tech/bootfs vfat rw 0 0\n"), 0o644)
	gz := filepath.Join(dir, "kiosk.img.gz")
	os.WriteFile(gz, []byte{0x1f, 0x8b, 8, 0, 0, 0}, 0o644)

	tests := []struct {
		name, image, to string
		guard           target.Guard
		want            error
		words           string
	}{
		{"a directory", img, dir, safe(t), target.ErrKind, "is a directory"},
		{"a mounted card", img, card, target.Guard{Mounts: mounts, RootDisks: func() ([]string, error) { return nil, nil }}, target.ErrMounted, "unmount it first"},
		{"the system disk", img, card, target.Guard{Mounts: filepath.Join(dir, "mounts"), RootDisks: func() ([]string, error) { return []string{card}, nil }}, target.ErrSystemDisk, "runs from"},
		{"the image itself", img, img, safe(t), nil, "the image itself"},
		{"a gzip image", gz, filepath.Join(dir, "x.img"), safe(t), ErrImage, "gunzip"},
		{"a missing image", filepath.Join(dir, "none.img"), filepath.Join(dir, "x.img"), safe(t), os.ErrNotExist, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Flash(context.Background(), tt.image, tt.to, &Options{Guard: tt.guard})
			if err == nil {
				t.Fatal("Flash accepted it")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Flash = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.words) {
				t.Errorf("Flash = %q, want it to say %q", err, tt.words)
			}
		})
	}
	if b, _ := os.ReadFile(card); string(b) != "untouched" {
		t.Errorf("a refused target was written: %q", b)
	}
}

func TestFlashDamagedXZ(t *testing.T) {
	_, imgXZ, _ := testImage(t)
	data, err := os.ReadFile(imgXZ)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Clone(data)
	data[len(data)/2] ^= 0xFF
	bad := filepath.Join(t.TempDir(), "bad.img.xz")
	os.WriteFile(bad, data, 0o644)
	_, err = Flash(context.Background(), bad, filepath.Join(t.TempDir(), "card.img"), &Options{Guard: safe(t)})
	if !errors.Is(err, ErrImage) || !strings.Contains(err.Error(), "partial image") {
		t.Fatalf("Flash(damaged xz) = %v, want ErrImage saying the card holds a partial image", err)
	}
	t.Log(err)
}

func TestFlashInterrupted(t *testing.T) {
	img, _, _ := testImage(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Flash(ctx, img, filepath.Join(t.TempDir(), "card.img"), &Options{Guard: safe(t)})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("Flash(cancelled) = %v", err)
	}
}

// A real block device: a loop device over a file.
func TestFlashBlockDevice(t *testing.T) {
	_, imgXZ, sum := testImage(t)
	backing := filepath.Join(t.TempDir(), "card")
	os.WriteFile(backing, nil, 0o644)
	if err := os.Truncate(backing, piimage.Size+8*piimage.MiB); err != nil {
		t.Fatal(err)
	}
	dev := loopdev.Attach(t, backing)
	// A loop device is neither removable nor on USB: refused without --force.
	if _, err := Flash(context.Background(), imgXZ, dev, &Options{Guard: safe(t)}); !errors.Is(err, target.ErrFixedDisk) ||
		!strings.Contains(err.Error(), "pass --force") {
		t.Fatalf("Flash to a fixed disk = %v", err)
	}
	if got, _ := piimage.HashRange(backing, 0, piimage.Size); got != zeroSHA(piimage.Size) {
		t.Fatal("the refused disk was written to")
	}
	res, err := Flash(context.Background(), imgXZ, dev, &Options{Guard: safe(t), Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Target.Kind != target.Block || res.Target.Size != piimage.Size+8*piimage.MiB {
		t.Errorf("target = %+v", res.Target)
	}
	got, _ := piimage.HashRange(backing, 0, piimage.Size)
	if got != sum || res.SHA256 != sum {
		t.Errorf("card sha256 %s, result %s, image %s", got, res.SHA256, sum)
	}
	t.Log(res)
}

func TestFlashRefusesSmallBlockDevice(t *testing.T) {
	img, imgXZ, _ := testImage(t)
	backing := filepath.Join(t.TempDir(), "small-card")
	os.WriteFile(backing, nil, 0o644)
	if err := os.Truncate(backing, 8*piimage.MiB); err != nil {
		t.Fatal(err)
	}
	dev := loopdev.Attach(t, backing)
	for _, src := range []string{img, imgXZ} {
		_, err := Flash(context.Background(), src, dev, &Options{Guard: safe(t), Force: true})
		if !errors.Is(err, ErrTooSmall) || !strings.Contains(err.Error(), "holds 8.0 MiB") {
			t.Errorf("Flash(%s to an 8 MiB card) = %v, want ErrTooSmall", filepath.Base(src), err)
		}
	}
	if sum, _ := piimage.HashRange(backing, 0, 8*piimage.MiB); sum != zeroSHA(8*piimage.MiB) {
		t.Error("the small card was written to")
	}
}

func zeroSHA(n int) string {
	s := sha256.Sum256(make([]byte, n))
	return hex.EncodeToString(s[:])
}

func TestFitsLogic(t *testing.T) {
	card := target.Target{Path: "/dev/sdx", Kind: target.Block, Size: 1000}
	if err := fits(1001, true, card); !errors.Is(err, ErrTooSmall) {
		t.Errorf("fits(1001 on 1000) = %v", err)
	}
	if err := fits(1000, true, card); err != nil {
		t.Errorf("fits(1000 on 1000) = %v", err)
	}
	if err := fits(5000, false, card); err != nil {
		t.Errorf("fits(unknown size) = %v", err)
	}
	if err := fits(5000, true, target.Target{Kind: target.File, Size: 10}); err != nil {
		t.Errorf("fits(file) = %v", err)
	}
}

func TestProgressLine(t *testing.T) {
	var out bytes.Buffer
	clock := time.Unix(0, 0)
	now := func() time.Time { return clock }
	p := newProgress(&Options{Progress: &out, Every: time.Second}, "writing", 200*piimage.MiB, now)
	clock = clock.Add(2 * time.Second)
	p.add(50 * piimage.MiB)
	p.add(1) // within the second: no new line
	clock = clock.Add(2 * time.Second)
	p.finish()
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\r")
	if len(lines) != 3 {
		t.Fatalf("progress printed %q", out.String())
	}
	if got := strings.TrimSpace(lines[1]); got != "writing 50.0 MiB of 200.0 MiB (25%) at 25.0 MiB/s" {
		t.Errorf("line = %q", got)
	}
	if !strings.HasSuffix(out.String(), "\n") {
		t.Error("finish does not end the line")
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 60 << 20: "60.0 MiB", 15 << 30: "15.0 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// Between the check and the open, a new-file target is planted as a
// symlink to a file the technician cares about: nothing is written to it.
func TestOpenNewFileRefusesAPlantedLink(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious")
	os.WriteFile(precious, []byte("keep me"), 0o644)
	to := filepath.Join(dir, "card.img")
	tg, err := safe(t).Check(to)
	if err != nil || tg.Kind != target.Missing {
		t.Fatalf("Check = %+v, %v", tg, err)
	}
	os.Symlink(precious, to)
	if f, err := openTarget(tg); !errors.Is(err, target.ErrChanged) {
		f.Close()
		t.Fatalf("openTarget over a planted link = %v", err)
	}
	if b, _ := os.ReadFile(precious); string(b) != "keep me" {
		t.Fatalf("the link's target became %q", b)
	}
	// A plain file planted there is refused too.
	os.Remove(to)
	os.WriteFile(to, []byte("planted"), 0o644)
	if _, err := openTarget(tg); !errors.Is(err, target.ErrChanged) {
		t.Fatalf("openTarget over a planted file = %v", err)
	}
}

// An existing image file replaced after the check (another file renamed
// over it, or a symlink) is not truncated or written.
func TestOpenExistingFileMustBeTheCheckedOne(t *testing.T) {
	dir := t.TempDir()
	to := filepath.Join(dir, "card.img")
	os.WriteFile(to, []byte("old image"), 0o644)
	tg, err := safe(t).Check(to)
	if err != nil || tg.Kind != target.File {
		t.Fatalf("Check = %+v, %v", tg, err)
	}
	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte("someone else's"), 0o644)
	os.Rename(other, to)
	if _, err := openTarget(tg); !errors.Is(err, target.ErrChanged) {
		t.Fatalf("openTarget of a replaced file = %v", err)
	}
	if b, _ := os.ReadFile(to); string(b) != "someone else's" {
		t.Fatalf("the replacing file was truncated: %q", b)
	}
	precious := filepath.Join(dir, "precious")
	os.WriteFile(precious, []byte("keep me"), 0o644)
	os.Remove(to)
	os.Symlink(precious, to)
	if _, err := openTarget(tg); err == nil {
		t.Fatal("openTarget followed a symlink put in place of the file")
	}
	if b, _ := os.ReadFile(precious); string(b) != "keep me" {
		t.Fatalf("the link's target became %q", b)
	}
}

// A block device path that names another device by the time it is opened.
func TestOpenBlockDeviceMustBeTheCheckedOne(t *testing.T) {
	backing := filepath.Join(t.TempDir(), "card")
	os.WriteFile(backing, make([]byte, 1<<20), 0o644)
	dev := loopdev.Attach(t, backing)
	g := safe(t)
	g.Force = true
	tg, err := g.Check(dev)
	if err != nil {
		t.Fatal(err)
	}
	tg.Dev++ // as if /dev/sdX now were another disk
	if _, err := openTarget(tg); !errors.Is(err, target.ErrChanged) {
		t.Fatalf("openTarget of another device = %v", err)
	}
}
