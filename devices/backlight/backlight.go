package backlight

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// DefaultRoot is where the kernel lists backlights.
const DefaultRoot = "/sys/class/backlight"

// ErrNone means there is no backlight to control.
var ErrNone = errors.New("backlight: none found")

// Dev is one backlight.
type Dev struct {
	dir string
	max int
}

// Find returns the first backlight under root (DefaultRoot when empty), by
// name.
func Find(root string) (string, error) {
	if root == "" {
		root = DefaultRoot
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", ErrNone
		}
		return "", fmt.Errorf("backlight: %w", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(root, n, "max_brightness")); err == nil {
			return filepath.Join(root, n), nil
		}
	}
	return "", ErrNone
}

// Open opens the backlight in dir, such as /sys/class/backlight/10-0045.
func Open(dir string) (*Dev, error) {
	max, err := readInt(filepath.Join(dir, "max_brightness"))
	if err != nil {
		return nil, err
	}
	if max <= 0 {
		return nil, fmt.Errorf("backlight: %s: max_brightness %d", dir, max)
	}
	return &Dev{dir: dir, max: max}, nil
}

// Set sets the brightness to level, 0..1 of the range. A level above 0
// never rounds down to off.
func (d *Dev) Set(level float64) error {
	if math.IsNaN(level) {
		return errors.New("backlight: level is not a number")
	}
	level = min(max(level, 0), 1)
	v := int(math.Round(level * float64(d.max)))
	if level > 0 && v == 0 {
		v = 1
	}
	return d.write("brightness", v)
}

// Level returns the brightness as a share of the range.
func (d *Dev) Level() (float64, error) {
	v, err := readInt(filepath.Join(d.dir, "brightness"))
	if err != nil {
		return 0, err
	}
	return float64(v) / float64(d.max), nil
}

// Power turns the backlight on or off, keeping its brightness.
func (d *Dev) Power(on bool) error {
	v := 4 // FB_BLANK_POWERDOWN
	if on {
		v = 0
	}
	return d.write("bl_power", v)
}

func (d *Dev) String() string { return "backlight{" + filepath.Base(d.dir) + "}" }

func (d *Dev) write(name string, v int) error {
	// sysfs attributes take one write of the whole value; no truncation
	// or creation.
	f, err := os.OpenFile(filepath.Join(d.dir, name), os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("backlight: %w", err)
	}
	_, err = f.WriteString(strconv.Itoa(v) + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backlight: %s: %w", name, err)
	}
	return nil
}

func readInt(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("backlight: %w", err)
	}
	v, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("backlight: %s: %w", path, err)
	}
	return v, nil
}

// ForLux is the level for a room as bright as lux: min in the dark (5 lx
// and below), max in daylight (1000 lx and above), and in between on a
// logarithmic scale, as the eye sees brightness.
func ForLux(lux, min, max float64) float64 {
	const dark, bright = 5.0, 1000.0
	f := 0.0
	if lux > dark {
		f = math.Log(lux/dark) / math.Log(bright/dark)
	}
	f = math.Min(math.Max(f, 0), 1)
	return min + f*(max-min)
}
