package kiosk_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/memstore"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/portal/portalsim"
)

// movingClock is a clock tests move by hand.
type movingClock struct {
	mu       sync.Mutex
	now      time.Time
	moved    time.Duration // by Advance: the time since boot grows with it
	unsynced bool          // not yet set by NTP
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}
func (c *movingClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.moved += d
	c.mu.Unlock()
}
func (c *movingClock) SinceBoot() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Minute + c.moved
}
func (c *movingClock) BootID() string { return "boot-1" }
func (c *movingClock) Synced() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.unsynced
}

// Set sets the clock to t, synced or not.
func (c *movingClock) Set(t time.Time, synced bool) {
	c.mu.Lock()
	c.now, c.unsynced = t, !synced
	c.mu.Unlock()
}

var ict = time.FixedZone("ICT", 7*60*60)

// simKiosk is a kiosk on the portal simulator, with a clock of its own.
func simKiosk(t *testing.T, cfg kiosk.Config) (*kiosk.Kiosk, *portalsim.Sim, *movingClock) {
	t.Helper()
	clock := &movingClock{now: time.Date(2026, 11, 26, 9, 0, 0, 0, ict)}
	sim := portalsim.New(&portalsim.Opts{Now: clock.Now, SlowDelay: 2 * time.Second})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := portal.New(srv.URL, &portal.Opts{KioskID: "kiosk-test", LookupTimeout: 500 * time.Millisecond,
		HealthTimeout: 500 * time.Millisecond, SyncTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Portal, cfg.Ledger, cfg.HashKey, cfg.Clock = c, &memLedger{}, key, clock
	k, err := kiosk.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return k, sim, clock
}

const (
	demoCode   = "000.00.13.H06-241105-0042"
	secretCode = "000.00.13.H06-241021-0118"
	secret     = "K7Q2M9"
)

func TestFindCachesAndAnswersOffline(t *testing.T) {
	cache := memstore.NewCache()
	k, sim, clock := simKiosk(t, kiosk.Config{Cache: cache})
	ctx := context.Background()

	r, err := k.Citizen.Find(ctx, demoCode, "", "vi")
	if err != nil || r.Offline || r.Dossier.Code != demoCode || !r.AsOf.Equal(clock.Now()) {
		t.Fatalf("fresh find = %+v, %v", r, err)
	}
	fetched := clock.Now()
	e, ok, _ := cache.Get(ctx, k.CodeRef(demoCode))
	if !ok {
		t.Fatal("answer not cached")
	}
	for _, s := range []string{demoCode, "0042", "Hoàng", "Lan", "Đăng ký khai sinh"} {
		if bytes.Contains(e.Sealed, []byte(s)) {
			t.Errorf("sealed entry shows %q", s)
		}
	}

	for _, f := range []portalsim.Fault{portalsim.Down, portalsim.Garbage, portalsim.Error500, portalsim.RateLimited, portalsim.Slow} {
		sim.SetFault(f)
		clock.Advance(time.Hour)
		r, err = k.Citizen.Find(ctx, demoCode, "", "en")
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		// The name is kept as the screen shows it (cache.go).
		if !r.Offline || !r.AsOf.Equal(fetched) || r.Reason == "" || r.Dossier.Applicant.Name != "Hoàng T. L." {
			t.Fatalf("%v: offline find = %+v", f, r)
		}
	}

	// Another code was never cached: the error stands.
	if _, err := k.Citizen.Find(ctx, "000.00.13.H06-241104-0015", "", "vi"); firmware.ErrorCode(err) != firmware.ETIMEOUT {
		t.Fatalf("uncached code offline: %v", err)
	}

	// Past the TTL the entry is gone.
	sim.SetFault(portalsim.Down)
	clock.Advance(kiosk.DefaultCacheTTL)
	if _, err := k.Citizen.Find(ctx, demoCode, "", "vi"); firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("expired entry served: %v", err)
	}
	if _, ok, _ := cache.Get(ctx, k.CodeRef(demoCode)); ok {
		t.Error("expired entry kept")
	}
}

func TestFindCacheTTLConfigurable(t *testing.T) {
	k, sim, clock := simKiosk(t, kiosk.Config{CacheTTL: time.Hour})
	ctx := context.Background()
	if _, err := k.Citizen.Find(ctx, demoCode, "", "vi"); err != nil {
		t.Fatal(err)
	}
	sim.SetFault(portalsim.Down)
	clock.Advance(59 * time.Minute)
	if r, err := k.Citizen.Find(ctx, demoCode, "", "vi"); err != nil || !r.Offline {
		t.Fatalf("within TTL: %+v %v", r, err)
	}
	clock.Advance(2 * time.Minute)
	if _, err := k.Citizen.Find(ctx, demoCode, "", "vi"); err == nil {
		t.Fatal("served past the TTL")
	}
}

// An answer that needed the receipt's secret is never cached: offline, it
// gets the portal's error, with the secret or without; an entry of an
// older version behind a secret is dropped.
func TestFindOfflineSecret(t *testing.T) {
	cache := memstore.NewCache()
	k, sim, _ := simKiosk(t, kiosk.Config{Cache: cache})
	ctx := context.Background()
	if _, err := k.Citizen.Find(ctx, secretCode, "", "vi"); firmware.ErrorCode(err) != firmware.ESECRETREQUIRED {
		t.Fatalf("without secret: %v", err)
	}
	ref := k.CodeRef(secretCode)
	cache.Put(ctx, firmware.CachedDossier{Ref: ref, Sealed: []byte{1, 2, 3}, NeedsSecret: true, StoredAt: time.Now()})
	if _, err := k.Citizen.Find(ctx, secretCode, "k7q2m9", "vi"); err != nil {
		t.Fatalf("with secret: %v", err)
	}
	if _, ok, _ := cache.Get(ctx, ref); ok {
		t.Fatal("an answer behind the receipt's secret is in the cache")
	}
	sim.SetFault(portalsim.Down)
	for _, sec := range []string{"", "AAAAAA", secret} {
		if r, err := k.Citizen.Find(ctx, secretCode, sec, "vi"); firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
			t.Fatalf("offline, secret %q: %+v, %v; want the portal's error", sec, r, err)
		}
	}
}

// An old entry behind a secret, found offline, is dropped unopened.
func TestFindDropsSecretEntry(t *testing.T) {
	cache := memstore.NewCache()
	k, sim, clock := simKiosk(t, kiosk.Config{Cache: cache})
	ctx := context.Background()
	ref := k.CodeRef(secretCode)
	cache.Put(ctx, firmware.CachedDossier{Ref: ref, Sealed: []byte{1, 2, 3}, NeedsSecret: true, StoredAt: clock.Now()})
	sim.SetFault(portalsim.Down)
	if _, err := k.Citizen.Find(ctx, secretCode, secret, "vi"); firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("offline: %v", err)
	}
	if _, ok, _ := cache.Get(ctx, ref); ok {
		t.Error("an entry behind a secret was kept")
	}
}

// The cabinet opened wipes the cache.
func TestDoorWipesCache(t *testing.T) {
	cache := memstore.NewCache()
	k, sim, _ := simKiosk(t, kiosk.Config{Cache: cache})
	ctx := context.Background()
	for _, c := range []string{demoCode, "000.00.13.H06-241104-0015"} {
		if _, err := k.Citizen.Find(ctx, c, "", "vi"); err != nil {
			t.Fatal(err)
		}
	}
	k.Door(false)
	if _, ok, _ := cache.Get(ctx, k.CodeRef(demoCode)); !ok {
		t.Fatal("the door shut wiped the cache")
	}
	k.Door(true)
	for _, c := range []string{demoCode, "000.00.13.H06-241104-0015"} {
		if _, ok, _ := cache.Get(ctx, k.CodeRef(c)); ok {
			t.Errorf("the cabinet opened, and %s is still cached", c)
		}
	}
	sim.SetFault(portalsim.Down)
	if _, err := k.Citizen.Find(ctx, demoCode, "", "vi"); firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("offline after the wipe: %v", err)
	}
}

func TestFindNotFoundDropsCache(t *testing.T) {
	cache := memstore.NewCache()
	k, _, _ := simKiosk(t, kiosk.Config{Cache: cache})
	ctx := context.Background()
	ref := k.CodeRef("000.00.13.H06-999999-0001")
	// An entry under a code the portal no longer knows.
	cache.Put(ctx, firmware.CachedDossier{Ref: ref, Sealed: []byte{1, 2, 3}, StoredAt: time.Now()})
	if _, err := k.Citizen.Find(ctx, "000.00.13.H06-999999-0001", "", "vi"); firmware.ErrorCode(err) != firmware.ENOTFOUND {
		t.Fatalf("err %v", err)
	}
	if _, ok, _ := cache.Get(ctx, ref); ok {
		t.Error("ENOTFOUND kept the cached entry")
	}
}

func TestFindTamperedEntryDropped(t *testing.T) {
	cache := memstore.NewCache()
	k, sim, _ := simKiosk(t, kiosk.Config{Cache: cache})
	ctx := context.Background()
	k.Citizen.Find(ctx, demoCode, "", "vi")
	ref := k.CodeRef(demoCode)
	e, _, _ := cache.Get(ctx, ref)
	e.Sealed[len(e.Sealed)-1] ^= 1
	cache.Put(ctx, e)
	sim.SetFault(portalsim.Down)
	if _, err := k.Citizen.Find(ctx, demoCode, "", "vi"); firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("tampered entry: %v", err)
	}
}

func TestRatingsQueuedAndSent(t *testing.T) {
	k, sim, clock := simKiosk(t, kiosk.Config{})
	ctx := context.Background()
	sim.SetFault(portalsim.Down)
	if err := k.Citizen.Rate(ctx, firmware.RatingVeryHappy, []string{firmware.ReasonFast}, demoCode, "vi"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * time.Second) // the next citizen
	if err := k.Citizen.Rate(ctx, firmware.RatingUnhappy, nil, "", "en"); err != nil {
		t.Fatal(err)
	}
	if err := k.Citizen.Rate(ctx, 4, nil, "", "en"); firmware.ErrorCode(err) != firmware.EINVALID {
		t.Fatalf("score 4: %v", err)
	}
	if n, err := k.Citizen.SendRatings(ctx); n != 0 || firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("down: sent %d, %v", n, err)
	}
	sim.SetFault(portalsim.Garbage) // a captive portal's 200 is not a delivery
	if n, err := k.Citizen.SendRatings(ctx); n != 0 || firmware.ErrorCode(err) != firmware.EBADANSWER {
		t.Fatalf("garbage: sent %d, %v", n, err)
	}
	sim.SetFault(portalsim.None)
	if n, err := k.Citizen.SendRatings(ctx); n != 2 || err != nil {
		t.Fatalf("up: sent %d, %v", n, err)
	}
	got := sim.Ratings()
	if len(got) != 2 || got[0].Score != 3 || got[0].DossierRef != k.CodeRef(demoCode) || got[0].Reasons[0] != firmware.ReasonFast ||
		got[1].Score != 1 || got[1].DossierRef != "" || got[0].KioskID != "kiosk-test" {
		t.Fatalf("portal got %+v", got)
	}
	if n, _ := k.Citizen.SendRatings(ctx); n != 0 {
		t.Error("sent twice")
	}
}

// A rating whose 202 was lost on the way back is sent again, with the
// same time, and the portal keeps it once.
func TestRatingResentAfterLostReply(t *testing.T) {
	k, sim, clock := simKiosk(t, kiosk.Config{})
	ctx := context.Background()
	if err := k.Citizen.Rate(ctx, firmware.RatingHappy, nil, "", "vi"); err != nil {
		t.Fatal(err)
	}
	sim.SetFault(portalsim.LostReply)
	if n, err := k.Citizen.SendRatings(ctx); n != 0 || firmware.ErrorCode(err) != firmware.EUNAVAILABLE {
		t.Fatalf("lost reply: sent %d, %v", n, err)
	}
	if got := sim.Ratings(); len(got) != 1 {
		t.Fatalf("the portal kept %d ratings from the first send, want 1", len(got))
	}
	sim.SetFault(portalsim.None)
	clock.Advance(time.Minute)
	if n, err := k.Citizen.SendRatings(ctx); n != 1 || err != nil {
		t.Fatalf("resend: sent %d, %v", n, err)
	}
	got := sim.Ratings()
	if len(got) != 1 || got[0].Score != int(firmware.RatingHappy) || !got[0].At.Equal(time.Date(2026, 11, 26, 9, 0, 0, 0, ict)) {
		t.Fatalf("the portal has %+v, want the one rating, at its own time", got)
	}
	// Another rating is another rating.
	if err := k.Citizen.Rate(ctx, firmware.RatingHappy, nil, "", "vi"); err != nil {
		t.Fatal(err)
	}
	if n, err := k.Citizen.SendRatings(ctx); n != 1 || err != nil || len(sim.Ratings()) != 2 {
		t.Fatalf("a second rating: sent %d, %v; the portal has %d", n, err, len(sim.Ratings()))
	}
}

func TestRunRatingsWakesOnRate(t *testing.T) {
	k, sim, _ := simKiosk(t, kiosk.Config{RatingEvery: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { k.Citizen.RunRatings(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(20 * time.Millisecond)
	if err := k.Citizen.Rate(context.Background(), firmware.RatingHappy, nil, "", "vi"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(sim.Ratings()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a queued rating was not sent at once")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCatalogSync(t *testing.T) {
	k, sim, clock := simKiosk(t, kiosk.Config{})
	ctx := context.Background()
	if c := k.Citizen.Catalog(); len(c.Procedures) != 0 {
		t.Fatal("catalog before any sync")
	}
	if err := k.Citizen.SyncCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	c := k.Citizen.Catalog()
	if len(c.Procedures) < 200 || c.ETag == "" || c.AsOf.IsZero() || !c.SyncedAt.Equal(clock.Now()) {
		t.Fatalf("catalog: %d procedures, etag %q, as of %v, synced %v", len(c.Procedures), c.ETag, c.AsOf, c.SyncedAt)
	}
	if _, ok := c.Procedure("1.001193"); !ok {
		t.Error("demo procedure missing")
	}
	clock.Advance(time.Hour)
	if err := k.Citizen.SyncCatalog(ctx); err != nil { // 304
		t.Fatal(err)
	}
	if c2 := k.Citizen.Catalog(); len(c2.Procedures) != len(c.Procedures) || !c2.SyncedAt.Equal(clock.Now()) {
		t.Fatalf("after 304: %d procedures, synced %v", len(c2.Procedures), c2.SyncedAt)
	}
	for _, f := range []portalsim.Fault{portalsim.Down, portalsim.Garbage, portalsim.Oversized} {
		sim.SetFault(f)
		if err := k.Citizen.SyncCatalog(ctx); err == nil {
			t.Fatalf("%v: sync succeeded", f)
		}
		if c3 := k.Citizen.Catalog(); len(c3.Procedures) != len(c.Procedures) {
			t.Fatalf("%v: a failed sync changed the catalog", f)
		}
	}
}

func TestUptimeToday(t *testing.T) {
	k, sim, clock := simKiosk(t, kiosk.Config{HealthEvery: time.Minute})
	ctx := context.Background()
	k.Citizen.CheckHealth(ctx) // 09:00 ok
	for range 3 {
		clock.Advance(time.Minute)
		k.Citizen.CheckHealth(ctx) // up for 3 min
	}
	sim.SetFault(portalsim.Down)
	clock.Advance(time.Minute)
	k.Citizen.CheckHealth(ctx) // the minute before counts up; down from here
	clock.Advance(time.Minute)
	k.Citizen.CheckHealth(ctx) // 1 min down
	sim.SetFault(portalsim.Degraded)
	clock.Advance(time.Minute)
	k.Citizen.CheckHealth(ctx) // 1 min down
	st := k.Citizen.PortalStatus()
	if st.ObservedToday != 6*time.Minute || st.UpToday < 0.66 || st.UpToday > 0.67 {
		t.Fatalf("observed %v up %.3f", st.ObservedToday, st.UpToday)
	}
	if st.State != firmware.HealthDegraded || len(st.Services) != 4 || st.Services[2].State != firmware.HealthDown {
		t.Fatalf("status %+v", st)
	}
	// A long gap (the kiosk was off) is not counted.
	clock.Advance(3 * time.Hour)
	k.Citizen.CheckHealth(ctx)
	if st2 := k.Citizen.PortalStatus(); st2.ObservedToday != st.ObservedToday {
		t.Errorf("gap counted: %v", st2.ObservedToday)
	}
	// A new day starts afresh.
	clock.Advance(24 * time.Hour)
	if st3 := k.Citizen.PortalStatus(); st3.ObservedToday != 0 || len(st3.Services) != 4 {
		t.Errorf("new day: %+v", st3)
	}
}

// checks runs a health check now and then n more, a minute apart.
func checks(k *kiosk.Kiosk, clock *movingClock, n int) {
	k.Citizen.CheckHealth(context.Background())
	for range n {
		clock.Advance(time.Minute)
		k.Citizen.CheckHealth(context.Background())
	}
}

func wantObserved(t *testing.T, what string, k *kiosk.Kiosk, want time.Duration) firmware.PortalStatus {
	t.Helper()
	st := k.Citizen.PortalStatus()
	if st.ObservedToday != want {
		t.Errorf("%s: observed today %v, want %v", what, st.ObservedToday, want)
	}
	return st
}

// A power cut does not take today's uptime away: the counts are kept after
// each check on a synced clock and carried on after the restart.
func TestUptimeKeptAcrossRestart(t *testing.T) {
	day := time.Date(2026, 11, 26, 9, 0, 0, 0, ict)
	settings := memstore.NewSettings(nil)
	k1, sim1, clock1 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: settings})
	checks(k1, clock1, 1) // 09:00–09:01 up
	clock1.Advance(time.Minute)
	sim1.SetFault(portalsim.Degraded)
	checks(k1, clock1, 1) // 09:01–09:02 up; degraded from 09:02, one service down
	before := wantObserved(t, "before the cut", k1, 3*time.Minute)
	if len(before.Services) != 4 {
		t.Fatalf("services before the cut: %+v", before.Services)
	}

	t.Run("restart after 2 minutes", func(t *testing.T) {
		s := memstore.NewSettings(settings.Values())
		k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: s})
		clock2.Set(day.Add(5*time.Minute), true)
		// Within the hold: the last answer before the cut stands for the gap.
		k2.Citizen.CheckHealth(context.Background())
		st := wantObserved(t, "after the restart", k2, 5*time.Minute)
		if st.UpToday != 1 {
			t.Errorf("portal up %.3f of today, want 1", st.UpToday)
		}
		var down firmware.ServiceStatus
		for _, svc := range st.Services {
			if svc.ObservedToday != 5*time.Minute {
				t.Errorf("service %s observed %v, want 5m", svc.ID, svc.ObservedToday)
			}
			if svc.UpToday < 1 {
				down = svc
			}
		}
		// The service the degraded portal said was down from 09:02 stayed
		// down until the check after the restart: 2 of 5 minutes up.
		if down.ID == "" || down.UpToday < 0.39 || down.UpToday > 0.41 {
			t.Errorf("the degraded service: %+v", down)
		}
	})
	t.Run("restart after hours", func(t *testing.T) {
		s := memstore.NewSettings(settings.Values())
		k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: s})
		clock2.Set(day.Add(4*time.Hour), true)
		checks(k2, clock2, 1) // the gap is not counted; the minute after is
		wantObserved(t, "after a long cut", k2, 4*time.Minute)
	})
	t.Run("without settings", func(t *testing.T) {
		k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute})
		clock2.Set(day.Add(5*time.Minute), true)
		checks(k2, clock2, 1)
		wantObserved(t, "in memory only", k2, time.Minute)
	})
	t.Run("next day", func(t *testing.T) {
		s := memstore.NewSettings(settings.Values())
		k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: s})
		clock2.Set(day.Add(24*time.Hour), true)
		checks(k2, clock2, 1)
		wantObserved(t, "the next day", k2, time.Minute)
	})
	t.Run("clock set after the restart", func(t *testing.T) {
		// The Pi has no battery clock: it starts on the time it last
		// saved, a day earlier here, until NTP sets it.
		s := memstore.NewSettings(settings.Values())
		k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: s})
		clock2.Set(day.Add(-20*time.Hour), false)
		checks(k2, clock2, 2)
		if s.Values()["portal_uptime_today"] != settings.Values()["portal_uptime_today"] {
			t.Fatal("counts made on an unsynced clock replaced the kept ones")
		}
		clock2.Set(day.Add(30*time.Minute), true)
		checks(k2, clock2, 1)
		wantObserved(t, "after NTP", k2, 4*time.Minute)
	})
	t.Run("clock on the same day before it is synced", func(t *testing.T) {
		s := memstore.NewSettings(settings.Values())
		k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: s})
		clock2.Set(day.Add(10*time.Minute), false)
		checks(k2, clock2, 1) // 1 min in memory
		clock2.Set(day.Add(12*time.Minute), true)
		k2.Citizen.CheckHealth(context.Background()) // within the hold: 1 min more
		// 3 kept + 1 + 1, each counted once.
		wantObserved(t, "after NTP on the same day", k2, 5*time.Minute)
		clock2.Advance(time.Minute)
		k2.Citizen.CheckHealth(context.Background())
		wantObserved(t, "a check later", k2, 6*time.Minute)
	})
	t.Run("damaged", func(t *testing.T) {
		for _, v := range []string{"{", `{"day":"2026-11-26","Observed":-5}`, `{"day":"2026-11-26","Observed":60000000000,"Up":120000000000}`} {
			s := memstore.NewSettings(map[string]string{"portal_uptime_today": v})
			var log bytes.Buffer
			k2, _, clock2 := simKiosk(t, kiosk.Config{HealthEvery: time.Minute, Settings: s,
				Log: slog.New(slog.NewTextHandler(&log, nil))})
			clock2.Set(day.Add(5*time.Minute), true)
			checks(k2, clock2, 1)
			wantObserved(t, v, k2, time.Minute)
			if !strings.Contains(log.String(), "damaged") {
				t.Errorf("%s: no warning:\n%s", v, log.String())
			}
		}
	})
}

// Ratings made in the same millisecond still get times of their own: the
// time is what tells a rating apart at the portal.
func TestRatingsHaveTimesOfTheirOwn(t *testing.T) {
	k, sim, clock := simKiosk(t, kiosk.Config{})
	ctx := context.Background()
	for range 3 {
		if err := k.Citizen.Rate(ctx, firmware.RatingHappy, nil, "", "vi"); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(time.Second)
	if err := k.Citizen.Rate(ctx, firmware.RatingHappy, nil, "", "vi"); err != nil {
		t.Fatal(err)
	}
	if n, err := k.Citizen.SendRatings(ctx); n != 4 || err != nil {
		t.Fatalf("sent %d, %v", n, err)
	}
	got := sim.Ratings()
	if len(got) != 4 {
		t.Fatalf("the portal kept %d of 4 ratings", len(got))
	}
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, ict)
	for i, want := range []time.Time{start, start.Add(time.Millisecond), start.Add(2 * time.Millisecond), start.Add(time.Second)} {
		if !got[i].At.Equal(want) {
			t.Errorf("rating %d at %v, want %v", i, got[i].At, want)
		}
	}
}
