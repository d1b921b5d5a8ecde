package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/kiosk/firmware"
	"github.com/motcua/kiosk/firmware/settings"
	"github.com/motcua/kiosk/storage"
)

// runReport prints the staff report for a period (DESIGN §10): kiosk report
// --from 2026-11-01 --to 2026-11-30 --format csv.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "settings `file` (default "+settings.DefaultPath+" when it exists)")
	dataDirFlag := fs.String("data-dir", "", "`directory` of the ledger")
	today := time.Now().In(firmware.Vietnam).Format(time.DateOnly)
	from := fs.String("from", today, "first `day` of the period, YYYY-MM-DD (Vietnam time)")
	to := fs.String("to", today, "last `day` of the period, YYYY-MM-DD, included")
	format := fs.String("format", "csv", "csv or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("report: unexpected argument %q", fs.Arg(0))
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("report: --format %q, want csv or json", *format)
	}
	start, end, err := firmware.ParseReportDates(*from, *to)
	if err != nil {
		return fmt.Errorf("report: %s", firmware.ErrorMessage(err))
	}
	cfg, demo, err := settings.Find(*configPath)
	if err != nil {
		return err
	}
	path := filepath.Join(dataDir(*dataDirFlag, cfg, demo), "kiosk.db")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("report: no ledger at %s (use --data-dir)", path)
	}
	// A plain open: a report must never move the kiosk's database aside.
	db, err := storage.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := storage.NewLedger(db).Report(ctx, start, end)
	if err != nil {
		return err
	}
	r.KioskID = cfg.KioskID
	if *format == "json" {
		return firmware.WriteReportJSON(stdout, r)
	}
	return firmware.WriteReportCSV(stdout, r)
}
