package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/kiosk/build/debpkg/debtest"
	"github.com/motcua/kiosk/build/sign"
)

func TestUpdateCommandRefusesBadBundles(t *testing.T) {
	dir := t.TempDir()
	if _, err := sign.GenerateKeyFiles(filepath.Join(dir, "release"), rand.Reader); err != nil {
		t.Fatal(err)
	}
	bundle := debtest.Write(t, filepath.Join(dir, "motcua-kiosk_9.9.9_arm64.deb"), "motcua-kiosk", "9.9.9", "arm64", []byte("payload"))
	priv, err := sign.LoadPrivateKey(filepath.Join(dir, "release.key"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sign.SignFile(priv, bundle); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(bundle, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("tampered")
	f.Close()

	var out bytes.Buffer
	data := filepath.Join(dir, "data")
	state := filepath.Join(dir, "update-state")
	err = run(context.Background(), []string{"update", "--pub", filepath.Join(dir, "release.pub"), "--data-dir", data, "--state-dir", state, bundle}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("a tampered bundle: %v", err)
	}
	if _, err := os.Stat(data); err == nil {
		t.Fatal("a refused update touched the data directory")
	}
	if entries, _ := os.ReadDir(state); len(entries) != 0 {
		t.Fatalf("a refused update left %v", entries)
	}
	for name, args := range map[string][]string{
		"no bundle":         {"update", "--state-dir", state},
		"apply and recover": {"update", "--state-dir", state, "--apply", "--recover"},
		"apply with bundle": {"update", "--state-dir", state, "--apply", bundle},
	} {
		if err := run(context.Background(), args, &out, &out); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The boot check does nothing when no update is pending.
func TestUpdateRecoverWithNothingPending(t *testing.T) {
	var out bytes.Buffer
	state := filepath.Join(t.TempDir(), "update-state")
	if err := run(context.Background(), []string{"update", "--recover", "--state-dir", state}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, &out)
	}
	if _, err := os.Stat(state); err == nil {
		t.Fatal("--recover created the state directory")
	}
}
