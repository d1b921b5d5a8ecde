package flash

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/ulikunitz/xz"

	"github.com/motcua/kiosk/build/target"
)

// Expected failures, wrapped with the details.
var (
	ErrTooSmall = errors.New("flash: target too small")
	ErrVerify   = errors.New("flash: verification failed")
	ErrImage    = errors.New("flash: bad image")
)

// Options tune Flash. A nil *Options means the defaults.
type Options struct {
	// Guard decides which targets are refused; the zero value checks the
	// running system's mount table and root disk.
	Guard target.Guard
	// Progress receives a progress line, rewritten in place with \r, while
	// writing and verifying; nil means silence.
	Progress io.Writer
	// Every is the time between progress updates; 0 means one second.
	Every time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Force writes to a partition or a fixed disk, which are refused
	// otherwise (kioskctl flash --force).
	Force bool
}

// Result is what a flash did.
type Result struct {
	Bytes   int64         // written and read back
	SHA256  string        // hex, of the (decompressed) image
	Write   time.Duration // streaming and fsync
	Verify  time.Duration // reading back
	Target  target.Target // the checked target
	SizeSet bool          // the image's size was known in advance
}

// WriteSpeed is the average write speed in bytes per second, fsync included.
func (r *Result) WriteSpeed() float64 { return speed(r.Bytes, r.Write) }

// VerifySpeed is the average read-back speed in bytes per second.
func (r *Result) VerifySpeed() float64 { return speed(r.Bytes, r.Verify) }

func (r *Result) String() string {
	return fmt.Sprintf("wrote %s to %s in %s (%s/s), verified in %s (%s/s), sha256 %s",
		Bytes(r.Bytes), r.Target.Path, r.Write.Round(time.Millisecond), Bytes(int64(r.WriteSpeed())),
		r.Verify.Round(time.Millisecond), Bytes(int64(r.VerifySpeed())), r.SHA256)
}

func speed(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

const bufSize = 4 << 20

// ImageSize returns the size of the image once decompressed, and whether it
// is known: the file size for a plain image, the sum of the xz index for an
// .xz image (false when the index cannot be read).
func ImageSize(path string) (int64, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false, fmt.Errorf("flash: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, false, fmt.Errorf("flash: %w", err)
	}
	compressed, err := sniff(f)
	if err != nil {
		return 0, false, err
	}
	if !compressed {
		return fi.Size(), true, nil
	}
	n, err := xzUncompressedSize(f, fi.Size())
	if err != nil {
		return 0, false, nil
	}
	return n, true, nil
}

// sniff reports whether f is xz-compressed, refusing the compressions it
// cannot stream.
func sniff(f *os.File) (bool, error) {
	head := make([]byte, 6)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return false, fmt.Errorf("flash: reading %s: %w", f.Name(), err)
	}
	head = head[:n]
	switch {
	case bytes.Equal(head, xzMagic):
		return true, nil
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return false, fmt.Errorf("%w: %s is gzip-compressed; decompress it (gunzip) or use the .xz image", ErrImage, f.Name())
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return false, fmt.Errorf("%w: %s is a zip archive; unzip it or use the .xz image", ErrImage, f.Name())
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return false, fmt.Errorf("%w: %s is zstd-compressed; decompress it (unzstd) or use the .xz image", ErrImage, f.Name())
	}
	return false, nil
}

// Flash writes image to the target path to, then reads it back and compares
// SHA-256 digests. It refuses an unsafe target (see package target) or one
// smaller than the image before writing anything.
func Flash(ctx context.Context, image, to string, opts *Options) (*Result, error) {
	if opts == nil {
		opts = &Options{}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	src, err := os.Open(image)
	if err != nil {
		return nil, fmt.Errorf("flash: image: %w", err)
	}
	defer src.Close()
	srcInfo, err := src.Stat()
	if err != nil {
		return nil, fmt.Errorf("flash: image: %w", err)
	}
	if !srcInfo.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrImage, image)
	}
	size, known, err := ImageSize(image)
	if err != nil {
		return nil, err
	}
	compressed, err := sniff(src)
	if err != nil {
		return nil, err
	}

	g := opts.Guard
	g.Force = g.Force || opts.Force
	t, err := g.Check(to)
	if err != nil {
		return nil, err
	}
	if t.Kind != target.Missing {
		if fi, err := os.Stat(t.Path); err == nil && os.SameFile(fi, srcInfo) {
			return nil, fmt.Errorf("flash: %s is the image itself", to)
		}
	}
	if err := fits(size, known, t); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "flashing %s (%s) to %s\n", image, sizeWords(size, known, compressed), describe(t))
	}

	var in io.Reader = bufio.NewReaderSize(src, 1<<20)
	if compressed {
		xr, err := xz.NewReader(in)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrImage, image, err)
		}
		in = xr
	}

	dst, err := openTarget(t)
	if err != nil {
		return nil, err
	}
	res := &Result{Target: t, SizeSet: known}
	total := int64(0)
	if known {
		total = size
	}
	start := now()
	p := newProgress(opts, "writing", total, now)
	h := sha256.New()
	written, err := copyChunks(ctx, dst, in, h, p)
	if err == nil {
		err = target.DropCache(dst)
	}
	p.finish()
	if err != nil {
		dst.Close()
		return nil, writeError(err, written, t, image)
	}
	if known && written != size {
		dst.Close()
		return nil, fmt.Errorf("%w: %s gave %d bytes, its index says %d", ErrImage, image, written, size)
	}
	res.Bytes, res.SHA256, res.Write = written, hex.EncodeToString(h.Sum(nil)), now().Sub(start)

	start = now()
	// Read back through the same descriptor: the bytes of what was written.
	got, err := readBack(ctx, dst, t.Path, written, newProgress(opts, "verifying", written, now))
	if cerr := dst.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("flash: closing %s: %w", t.Path, cerr)
	}
	if err != nil {
		return res, err
	}
	res.Verify = now().Sub(start)
	if got != res.SHA256 {
		return res, fmt.Errorf("%w: %s reads back sha256 %s, the image is %s; the card may be failing or fake",
			ErrVerify, t.Path, got, res.SHA256)
	}
	return res, nil
}

func sizeWords(size int64, known, compressed bool) string {
	switch {
	case !known:
		return "size unknown until decompressed"
	case compressed:
		return Bytes(size) + " decompressed"
	}
	return Bytes(size)
}

func describe(t target.Target) string {
	switch t.Kind {
	case target.Block:
		return fmt.Sprintf("%s, a %s block device", t.Path, Bytes(t.Size))
	case target.File:
		return t.Path + ", an existing file that will be replaced"
	}
	return t.Path + ", a new file"
}

// fits refuses a block device smaller than an image of known size. A file
// target grows as needed.
func fits(size int64, known bool, t target.Target) error {
	if known && t.Kind == target.Block && size > t.Size {
		return fmt.Errorf("%w: the image needs %s (%d bytes) but %s holds %s (%d bytes)",
			ErrTooSmall, Bytes(size), size, t.Path, Bytes(t.Size), t.Size)
	}
	return nil
}

// openTarget opens what Check looked at, and only that: a new file is
// created anew (O_EXCL, never through a symlink), an existing one is
// opened without following a link and truncated only once it is known to
// be the same file, and a block device must still be the same device.
func openTarget(t target.Target) (*os.File, error) {
	var f *os.File
	var err error
	switch t.Kind {
	case target.Block:
		f, err = target.OpenExclusive(t.Real)
	case target.File:
		f, err = target.OpenExisting(t.Real)
	default:
		f, err = target.CreateNew(t.Path)
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%w: %s appeared after it was checked; run the command again", target.ErrChanged, t.Path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("flash: opening %s: %w", t.Path, err)
	}
	if err := t.SameAsChecked(f); err != nil {
		f.Close()
		return nil, err
	}
	if t.Kind == target.File {
		if err := f.Truncate(0); err != nil {
			f.Close()
			return nil, fmt.Errorf("flash: %s: %w", t.Path, err)
		}
	}
	return f, nil
}

func writeError(err error, written int64, t target.Target, image string) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("flash: interrupted after %s: %s holds a partial image, flash it again: %w", Bytes(written), t.Path, err)
	case errors.Is(err, errRead):
		return fmt.Errorf("%w: %s is damaged after %s of image data (%v); %s holds a partial image",
			ErrImage, image, Bytes(written), errors.Unwrap(err), t.Path)
	case t.Kind == target.Block && errors.Is(err, errNoSpace):
		return fmt.Errorf("%w: %s is full after %s; the image is bigger than the card", ErrTooSmall, t.Path, Bytes(written))
	}
	return fmt.Errorf("flash: writing %s after %s: %w", t.Path, Bytes(written), err)
}

var (
	errRead    = errors.New("read error")
	errNoSpace = syscall.ENOSPC
)

type readErr struct{ err error }

func (e readErr) Error() string { return e.err.Error() }
func (e readErr) Unwrap() error { return e.err }
func (e readErr) Is(t error) bool {
	return t == errRead
}

// copyChunks copies src to dst in bufSize chunks, hashing what it writes,
// until EOF or ctx ends.
func copyChunks(ctx context.Context, dst io.Writer, src io.Reader, h hash.Hash, p *progress) (int64, error) {
	buf := make([]byte, bufSize)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		k, rerr := fill(src, buf)
		if k > 0 {
			h.Write(buf[:k])
			w, werr := dst.Write(buf[:k])
			n += int64(w)
			p.add(int64(w))
			if werr != nil {
				return n, werr
			}
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, readErr{rerr}
		}
	}
}

// fill reads into buf until it is full or src fails; unlike io.ReadFull it
// passes on every error as it is (a decompressor's io.ErrUnexpectedEOF is
// damage, not the end).
func fill(src io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := src.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// readBack hashes the first n bytes of f (named path).
func readBack(ctx context.Context, f *os.File, path string, n int64, p *progress) (string, error) {
	h := sha256.New()
	got, err := copyChunks(ctx, io.Discard, io.NewSectionReader(f, 0, n), h, p)
	p.finish()
	if err != nil {
		return "", fmt.Errorf("flash: reading back %s after %s: %w", path, Bytes(got), err)
	}
	if got != n {
		return "", fmt.Errorf("%w: %s gave back %d bytes of the %d written", ErrVerify, path, got, n)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
