// Package debtest writes small but well-formed Debian packages for tests:
// an ar archive of debian-binary, control.tar.gz and data.tar.gz, as
// dpkg-deb and nfpm write them.
package debtest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"testing"
)

// Bytes returns a .deb of package name at version for arch whose data
// holds one file, /usr/share/doc/NAME/payload, with payload in it.
func Bytes(name, version, arch string, payload []byte) []byte {
	control := fmt.Sprintf("Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: test <t@invalid>\nDescription: test package\n long description\n", name, version, arch)
	var b bytes.Buffer
	b.WriteString("!<arch>\n")
	member(&b, "debian-binary", []byte("2.0\n"))
	member(&b, "control.tar.gz", tgz(map[string][]byte{"./control": []byte(control)}))
	member(&b, "data.tar.gz", tgz(map[string][]byte{"./usr/share/doc/" + name + "/payload": payload}))
	return b.Bytes()
}

// Write writes Bytes to path.
func Write(t testing.TB, path, name, version, arch string, payload []byte) string {
	t.Helper()
	if err := os.WriteFile(path, Bytes(name, version, arch, payload), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func member(b *bytes.Buffer, name string, data []byte) {
	fmt.Fprintf(b, "%-16s%-12d%-6d%-6d%-8s%-10d`\n", name, 0, 0, 0, "100644", len(data))
	b.Write(data)
	if len(data)%2 == 1 {
		b.WriteByte('\n')
	}
}

func tgz(files map[string][]byte) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	t := tar.NewWriter(z)
	for name, data := range files {
		t.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg})
		t.Write(data)
	}
	t.Close()
	z.Close()
	return b.Bytes()
}
