// Command kiosk is the commune one-stop office kiosk: `kiosk run` starts the
// screens, `kiosk version` prints the build, `kiosk config check` validates a
// settings file. With no settings file the kiosk runs in demo mode: the
// portal simulator on loopback, the simulated board, data in the user's data
// directory.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/motcua/kiosk/firmware/settings"
)

// Set by the linker: -X main.version=… -X main.commit=…
var (
	version = "dev"
	commit  = ""
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kiosk:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: kiosk COMMAND [flags]

commands:
  run            start the kiosk (demo mode when there is no settings file)
  selftest       check each part (sensors, LEDs, screen, touch, scanner, motion)
  report         print the usage report: --from YYYY-MM-DD --to YYYY-MM-DD --format csv|json
  update         install a signed kiosk package, rolling back if it does not come up healthy
  config check   validate a settings file and name each bad key
  version        print the version

every command takes --config FILE and --data-dir DIR; "kiosk COMMAND -h" lists its flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command")
	}
	switch args[0] {
	case "run":
		return runKiosk(ctx, args[1:], stdout, stderr)
	case "selftest":
		return selftest(ctx, args[1:], stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], stdout, stderr)
	case "update":
		return runUpdate(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "kiosk %s%s\n", version, suffix(commit))
		return nil
	case "config":
		if len(args) < 2 || args[1] != "check" {
			return errors.New(`usage: kiosk config check [--config FILE]`)
		}
		return configCheck(args[2:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func suffix(c string) string {
	if c == "" {
		return ""
	}
	return " (" + c + ")"
}

func configCheck(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("config check", flag.ContinueOnError)
	flags.SetOutput(stderr)
	path := flags.String("config", settings.DefaultPath, "settings `file`")
	flags.String("data-dir", "", "unused; accepted like every command")
	if err := flags.Parse(args); err != nil {
		return err
	}
	c, err := settings.Load(*path)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok\n", *path)
	// The secrets beside it, when they are there: a settings file alone
	// (a template on a laptop) has none yet.
	sp := settings.SecretsPath(c, "")
	if _, err := os.Stat(sp); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stdout, "%s: not there, not checked (the kiosk needs it to start)\n", sp)
		return nil
	}
	if err := settings.CheckSecrets(sp, c.Admin.Listen != ""); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok\n", sp)
	return nil
}
