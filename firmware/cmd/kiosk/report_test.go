package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/storage"
)

func TestReportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Open(ctx, filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	l := storage.NewLedger(db)
	day := time.Date(2026, 11, 20, 9, 0, 0, 0, firmware.Vietnam)
	ref := strings.Repeat("ab", 32)
	for i, outcome := range []string{firmware.OutcomeOK, firmware.OutcomeOK, firmware.ENOTFOUND} {
		e := firmware.UsageEvent{Kind: firmware.KindLookup, Outcome: outcome, At: day.Add(time.Duration(i) * time.Hour),
			CodeRef: ref, ClockSynced: true, Channel: firmware.ChannelOnline}
		if outcome != firmware.OutcomeOK {
			e.Channel = ""
		}
		if err := l.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// Outside the period: the day after.
	if err := l.Append(ctx, firmware.UsageEvent{Kind: firmware.KindLookup, Outcome: "ok", At: day.Add(24 * time.Hour), ClockSynced: true}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"report", "--data-dir", dir, "--from", "2026-11-20", "--to", "2026-11-20", "--format", "json"}, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if got["events_total"] != float64(3) || got["kiosk_id"] != "demo-kiosk" {
		t.Fatalf("events_total %v, kiosk_id %v in %s", got["events_total"], got["kiosk_id"], out.String())
	}
	if d, _ := got["dossiers"].(map[string]any); d["unique"] != float64(1) || d["online"] != float64(1) {
		t.Fatalf("dossiers %v", got["dossiers"])
	}
	out.Reset()
	if err := run(ctx, []string{"report", "--data-dir", dir, "--from", "2026-11-20", "--to", "2026-11-21"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	csv := strings.TrimPrefix(out.String(), "\ufeff")
	if !strings.HasPrefix(csv, strings.Join(firmware.ReportCSVHeader(), ",")) {
		t.Fatalf("CSV does not start with its header:\n%s", out.String())
	}
	if strings.Contains(out.String(), ref) {
		t.Fatal("the report holds a code reference")
	}

	for name, args := range map[string][]string{
		"bad date":    {"report", "--data-dir", dir, "--from", "20/11/2026"},
		"reversed":    {"report", "--data-dir", dir, "--from", "2026-11-21", "--to", "2026-11-20"},
		"bad format":  {"report", "--data-dir", dir, "--format", "xml"},
		"no ledger":   {"report", "--data-dir", t.TempDir()},
		"extra words": {"report", "--data-dir", dir, "now"},
	} {
		if err := run(ctx, args, &out, &errOut); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestConfigCheckAdminAndRetention(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "k.toml", `
commune = "UBND xã Đồng Phúc"
[ledger]
retention = "24h"
[admin]
listen = "9180"
`, 0o644)
	err := run(context.Background(), []string{"config", "check", "--config", p}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"ledger.retention"`) || !strings.Contains(err.Error(), `"admin.listen"`) {
		t.Fatalf("err %v", err)
	}
	good := writeFile(t, dir, "g.toml", `
commune = "UBND xã Đồng Phúc"
[ledger]
retention = "2160h"
[admin]
listen = "0.0.0.0:9180"
`, 0o644)
	if err := run(context.Background(), []string{"config", "check", "--config", good}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
}
