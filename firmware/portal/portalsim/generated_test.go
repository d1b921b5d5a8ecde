package portalsim_test

import (
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/code"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

// TestGeneratedCatalog checks the catalog is a few hundred procedures over
// many fields, every level, within the contract's 1 MiB, and the same in
// every run.
func TestGeneratedCatalog(t *testing.T) {
	_, srv := start(t, nil)
	resp := get(t, srv, "/v1/procedures", nil)
	body, _ := io.ReadAll(resp.Body)
	if len(body) >= 1<<20 {
		t.Fatalf("catalog is %d bytes, over the contract's 1 MiB", len(body))
	}
	var cat struct {
		Procedures []firmware.Procedure `json:"procedures"`
	}
	if err := json.Unmarshal(body, &cat); err != nil {
		t.Fatal(err)
	}
	fields := map[string]int{}
	levels := map[firmware.Level]int{}
	for _, p := range cat.Procedures {
		fields[p.Field]++
		levels[p.Level]++
		if err := p.Validate(); err != nil {
			t.Error(err)
		}
	}
	if len(cat.Procedures) < 200 || len(fields) < 20 {
		t.Errorf("%d procedures in %d fields", len(cat.Procedures), len(fields))
	}
	if levels[firmware.LevelFull] < 30 {
		t.Errorf("only %d fully online procedures", levels[firmware.LevelFull])
	}
	_, srv2 := start(t, nil)
	resp2 := get(t, srv2, "/v1/procedures", nil)
	if resp.Header.Get("ETag") != resp2.Header.Get("ETag") {
		t.Error("the generated catalog differs between sims")
	}
}

// TestGeneratedDossiers looks every generated dossier up as a kiosk would:
// each is valid, dated in the past, ends its history on its status, and
// those behind a secret code need it.
func TestGeneratedDossiers(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 5, 0, 0, vn) // just after a month-end midnight
	_, srv := start(t, &portalsim.Opts{Now: func() time.Time { return now }})
	c, err := portal.New(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	gen := portalsim.GeneratedDossiers()
	if len(gen) < 200 {
		t.Fatalf("only %d generated dossiers", len(gen))
	}
	statuses := map[firmware.Status]int{}
	seen := map[string]bool{}
	overdue, secrets := 0, 0
	for _, demo := range portalsim.DemoDossiers() {
		seen[demo.Code] = true
	}
	ctx := context.Background()
	for _, g := range gen {
		if n, err := code.Parse(g.Code); err != nil || n != g.Code {
			t.Fatalf("%s does not parse as a code: %v", g.Code, err)
		}
		if seen[g.Code] {
			t.Fatalf("%s twice", g.Code)
		}
		seen[g.Code] = true
		if g.Secret != "" {
			secrets++
			if _, err := c.Lookup(ctx, g.Code, ""); firmware.ErrorCode(err) != firmware.ESECRETREQUIRED {
				t.Errorf("%s: without its secret: %v", g.Code, err)
			}
		}
		d, err := c.Lookup(ctx, g.Code, g.Secret)
		if err != nil {
			t.Fatalf("%s: %v", g.Code, err)
		}
		statuses[d.Status.Code]++
		if d.Overdue(now) {
			overdue++
		}
		last := d.History[len(d.History)-1]
		if last.Status != d.Status.Code {
			t.Errorf("%s: history ends on %d, status %d", g.Code, last.Status, d.Status.Code)
		}
		for i, h := range d.History {
			if !h.At.Before(now) || (i > 0 && h.At.Before(d.History[i-1].At)) {
				t.Errorf("%s: history step %d at %v out of order or in the future", g.Code, i, h.At)
			}
		}
		if d.ReceivedAt.After(now) || d.DueAt.Before(d.ReceivedAt) {
			t.Errorf("%s: received %v, due %v", g.Code, d.ReceivedAt, d.DueAt)
		}
	}
	for _, s := range firmware.Statuses() {
		if statuses[s] == 0 {
			t.Errorf("no generated dossier in status %d", s)
		}
	}
	if overdue < 10 || secrets < 10 {
		t.Errorf("%d overdue, %d behind a secret", overdue, secrets)
	}
}
