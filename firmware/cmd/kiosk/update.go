package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/motcua/kiosk/build/update"
)

// runUpdate installs a signed kiosk package (DESIGN §10). The bundle is
// copied once into root's own update directory and only that copy is
// checked, against a signature that names the package and its version,
// and installed; a version not newer than the installed one is refused.
// The install runs in a transient unit, so a lost SSH session does not
// stop it, and the previous package, checked against its own signature,
// is put back if the new one does not run steadily for twice the
// watchdog's interval. --recover (run at boot) puts it back when an
// update was never confirmed; --apply is the transient unit's half.
func runUpdate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.String("config", "", "unused; accepted like every command")
	fs.String("data-dir", "", "unused: packages are kept in --state-dir, which the kiosk user cannot write")
	pub := fs.String("pub", update.DefaultOpts.PublicKey, "the update public `key`")
	stateDir := fs.String("state-dir", update.DefaultOpts.StateDir, "root's own `directory` for the packages being installed and kept")
	apply := fs.Bool("apply", false, "internal: the install's second half, run by systemd-run")
	recoverFlag := fs.Bool("recover", false, "put the kept package back if an update was never confirmed (run at boot)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts := &update.Opts{PublicKey: *pub, StateDir: *stateDir, Log: stdout}
	if (*apply || *recoverFlag) && fs.NArg() != 0 {
		return fmt.Errorf("usage: kiosk update --apply|--recover takes no bundle")
	}
	if *stateDir == update.DefaultOpts.StateDir && os.Geteuid() != 0 {
		return fmt.Errorf("kiosk update installs packages: run it as root (sudo kiosk update …)")
	}
	switch {
	case *apply && *recoverFlag:
		return fmt.Errorf("usage: kiosk update: --apply or --recover, not both")
	case *apply:
		return update.Apply(ctx, opts)
	case *recoverFlag:
		return update.Recover(ctx, opts)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: kiosk update [--pub KEY] BUNDLE.deb (with BUNDLE.deb.sig beside it)")
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	opts.ApplyCommand = []string{self, "update", "--apply"}
	return update.Install(ctx, fs.Arg(0), opts)
}
