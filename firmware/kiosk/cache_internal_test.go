package kiosk

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/memstore"
)

// What a stolen card gives: the device key and the sealed entries. Trying
// the code opens an entry, as an enumeration of codes would; the name in
// it is only the masked one the screen shows.
func TestCacheEntryKeepsOnlyTheMaskedName(t *testing.T) {
	cache := memstore.NewCache()
	k := &Citizen{core: &core{cfg: Config{HashKey: []byte("0123456789abcdef0123456789abcdef"), Cache: cache, CacheTTL: time.Hour,
		Log: slog.New(slog.DiscardHandler)}}}
	const code = "000.00.13.H06-241105-0042"
	d := &firmware.Dossier{Code: code, Applicant: firmware.Applicant{Name: "Hoàng Thị Lan"},
		Procedure: firmware.ProcedureRef{Code: "1.001193", Name: "Đăng ký khai sinh"},
		Channel:   firmware.ChannelOnline, Status: firmware.StatusRef{Code: firmware.StatusInProgress},
		ReceivedAt: time.Now(), DueAt: time.Now().Add(48 * time.Hour)}
	ref := k.CodeRef(code)
	k.remember(ref, code, d, time.Now())
	e, ok, err := cache.Get(context.Background(), ref)
	if err != nil || !ok {
		t.Fatal("not cached")
	}
	got, ok := k.open(ref, code, e.Sealed)
	if !ok {
		t.Fatal("the entry does not open with the card's key and the code")
	}
	if got.Applicant.Name != "Hoàng T. L." {
		t.Errorf("the entry holds the name %q, want only the masked %q", got.Applicant.Name, "Hoàng T. L.")
	}
	if d.Applicant.Name != "Hoàng Thị Lan" {
		t.Error("remember changed the citizen's answer")
	}
}
