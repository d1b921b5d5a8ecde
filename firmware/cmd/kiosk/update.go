package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/motcua/kiosk/build/update"
)

// runUpdate installs a signed kiosk package (DESIGN §10): the signature is
// checked before anything is installed, and the previous package is put
// back if the new one does not come up healthy within 2 minutes.
func runUpdate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.String("config", "", "unused; accepted like every command")
	dataDir := fs.String("data-dir", "/var/lib/motcua-kiosk", "`directory` where installed packages are kept")
	pub := fs.String("pub", update.DefaultOpts.PublicKey, "the update public `key`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: kiosk update [--pub KEY] BUNDLE.deb (with BUNDLE.deb.sig beside it)")
	}
	return update.Install(ctx, fs.Arg(0), &update.Opts{
		PublicKey:   *pub,
		PackagesDir: *dataDir + "/packages",
		Log:         stdout,
	})
}
