// Package mounts reads the kernel's table of mounted file systems, in the
// format of /proc/self/mounts: the USB export looks for sticks in it, and
// the flashing tool refuses a card that is mounted.
package mounts

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// File is the running system's mount table.
const File = "/proc/self/mounts"

// Mount is one line of the table.
type Mount struct {
	Source  string // "/dev/sda1", or "tmpfs", "systemd-1"…
	Point   string // where it is mounted
	Type    string // "vfat", "autofs"…
	Options string // "rw,nosuid,…"
}

// ReadOnly reports whether the file system is mounted read-only.
func (m Mount) ReadOnly() bool {
	for o := range strings.SplitSeq(m.Options, ",") {
		if o == "ro" {
			return true
		}
	}
	return false
}

// Read parses the mount table at path, in its order, undoing its octal
// escapes (\040 for a space) in the source and the mount point.
func Read(path string) ([]Mount, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ms []Mount
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		m := Mount{Source: unescape(fields[0]), Point: unescape(fields[1]), Type: fields[2]}
		if len(fields) > 3 {
			m.Options = fields[3]
		}
		ms = append(ms, m)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return ms, nil
}

// unescape undoes the table's octal escapes; a backslash not followed by
// three octal digits stays as it is.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
