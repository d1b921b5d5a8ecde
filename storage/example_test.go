package storage_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/storage"
)

func Example() {
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.MemoryPath) // a file path on the kiosk
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ledger := storage.NewLedger(db)

	// The ledger never sees a dossier code, only its keyed hash (DESIGN §8).
	key := []byte("per-device secret")
	codeRef := func(code string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(code))
		return hex.EncodeToString(m.Sum(nil))
	}

	morning := time.Date(2024, 11, 5, 8, 0, 0, 0, time.UTC)
	for i, e := range []firmware.UsageEvent{
		{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Status: firmware.StatusInProgress,
			CodeRef: codeRef("000.00.13.H06-241105-0042")},
		{Kind: firmware.KindLookup, Outcome: firmware.ENOTFOUND, CodeRef: codeRef("000.00.13.H06-241105-9999")},
		{Kind: firmware.KindLookup, Outcome: firmware.OutcomeOK, Status: firmware.StatusInProgress,
			CodeRef: codeRef("000.00.13.H06-241105-0042")},
		{Kind: firmware.KindRating, Outcome: firmware.OutcomeOK},
	} {
		e.At = morning.Add(time.Duration(i) * time.Minute)
		e.ClockSynced = true
		if err := ledger.Append(ctx, e); err != nil {
			log.Fatal(err)
		}
	}

	r, err := ledger.Report(ctx, morning, morning.Add(24*time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	count := func(kind firmware.EventKind, outcome string) (n int) {
		for _, c := range r.Counts {
			if c.Kind == kind && (outcome == "" || c.Outcome == outcome) {
				n += c.Count
			}
		}
		return n
	}
	fmt.Println("events:", r.Total)
	fmt.Println("lookups:", count(firmware.KindLookup, ""), "ratings:", count(firmware.KindRating, ""))
	fmt.Println("found:", count(firmware.KindLookup, firmware.OutcomeOK), "not found:", count(firmware.KindLookup, firmware.ENOTFOUND))
	fmt.Println("dossiers:", r.Dossiers.Unique)
	// Output:
	// events: 4
	// lookups: 3 ratings: 1
	// found: 2 not found: 1
	// dossiers: 2
}

// The kiosk's screens append through a Writer, which never waits for the
// disk; staff mode and `kiosk report` read the Ledger.
func ExampleWriter() {
	ctx := context.Background()
	db, recovery, err := storage.OpenOrRecover(ctx, storage.MemoryPath) // a file path on the kiosk
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if recovery != nil {
		log.Printf("damaged database moved to %s", recovery.MovedTo)
	}
	ledger := storage.NewLedger(db)
	w := storage.NewWriter(ledger, nil)

	morning := time.Date(2024, 11, 5, 8, 0, 0, 0, firmware.Vietnam)
	for i, outcome := range []string{firmware.OutcomeOK, firmware.ENOTFOUND, firmware.RatingVeryHappy.Outcome()} {
		kind := firmware.KindLookup
		if i == 2 {
			kind = firmware.KindRating
		}
		e := firmware.UsageEvent{Kind: kind, Outcome: outcome, At: morning.Add(time.Duration(i) * time.Hour), ClockSynced: true}
		if err := w.Append(ctx, e); err != nil { // returns at once
			log.Fatal(err)
		}
	}
	// Close writes what is queued; a running kiosk calls Flush when it
	// needs the events on disk, such as before a report.
	if err := w.Close(ctx); err != nil {
		log.Fatal(err)
	}

	r, err := ledger.Report(ctx, firmware.DayStart(morning), firmware.DayStart(morning).AddDate(0, 0, 1))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("events:", r.Total)
	fmt.Println("lookups found:", r.Count(firmware.KindLookup, firmware.OutcomeOK))
	fmt.Println("very happy:", r.Ratings[firmware.RatingVeryHappy])
	fmt.Println("busiest hours:", r.Hours[8], r.Hours[9], r.Hours[10])
	// Output:
	// events: 3
	// lookups found: 1
	// very happy: 1
	// busiest hours: 1 1 1
}
