package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/motcua/kiosk/build/flash"
	"github.com/motcua/kiosk/build/provision"
	"github.com/motcua/kiosk/build/sign"
	"github.com/motcua/kiosk/build/target"
)

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ error }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// env is what the commands may be given instead of the real system, so that
// tests refuse or accept targets without real disks.
type env struct {
	guard target.Guard
	every time.Duration // between progress updates
}

type command struct{ name, args, help string }

var commands = []command{
	{"flash", "--image IMG[.xz] --to /dev/sdX|FILE [--force]", "write an image to a card (or a file) and verify it"},
	{"provision", "--to /dev/sdX|FILE --profile device.toml [--force]", "write one kiosk's settings onto a flashed card"},
	{"keygen", "--out PREFIX", "make an update signing key pair: PREFIX.key and PREFIX.pub"},
	{"sign", "--key PREFIX.key BUNDLE", "sign an update bundle (the kiosk's .deb): writes BUNDLE.sig naming its package and version"},
	{"verify", "--pub PREFIX.pub [--sig FILE] BUNDLE", "check a bundle's signature (exit 0 only when good)"},
}

func synopsis(name string) command {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	return commands[i]
}

// run is kioskctl with its arguments (without the program name).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runEnv(ctx, env{}, args, stdout, stderr)
}

func runEnv(ctx context.Context, e env, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		usage(stdout)
		return nil
	}
	args = args[1:]
	switch name {
	case "flash":
		return runFlash(ctx, e, args, stdout, stderr)
	case "provision":
		return runProvision(ctx, e, args, stdout, stderr)
	case "keygen":
		return runKeygen(args, stdout, stderr)
	case "sign":
		return runSign(args, stdout, stderr)
	case "verify":
		return runVerify(args, stdout, stderr)
	}
	usage(stderr)
	return usagef("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: kioskctl COMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "  kioskctl %s %s\n      %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w, "\nkioskctl COMMAND -h describes a command's flags.")
}

// newFlags returns a flag set that reports to stderr and does not exit.
func newFlags(c string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: kioskctl %s %s\n  %s\n", c, synopsis(c).args, synopsis(c).help)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags placed before or after the positional arguments
// (kioskctl sign BUNDLE --key K works too) and returns the positional ones.
// It returns errHelp for -h.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{fmt.Errorf("%s: %w", fs.Name(), err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

var errHelp = errors.New("help")

// required names the flags that are empty.
func required(cmd string, flags map[string]string) error {
	var missing []string
	for name, v := range flags {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	return usagef("%s: %s required (usage: kioskctl %s %s)", cmd, strings.Join(missing, " and ")+plural(len(missing)), cmd, synopsis(cmd).args)
}

func plural(n int) string {
	if n == 1 {
		return " is"
	}
	return " are"
}

func noArgs(cmd string, pos []string) error {
	if len(pos) > 0 {
		return usagef("%s: unexpected argument %q", cmd, pos[0])
	}
	return nil
}

func oneBundle(cmd string, pos []string) (string, error) {
	switch len(pos) {
	case 1:
		return pos[0], nil
	case 0:
		return "", usagef("%s: which BUNDLE? (usage: kioskctl %s %s)", cmd, cmd, synopsis(cmd).args)
	}
	return "", usagef("%s: one BUNDLE at a time, got %d (%s)", cmd, len(pos), strings.Join(pos, " "))
}

func helpOr(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}

func runFlash(ctx context.Context, e env, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("flash", stderr)
	image := fs.String("image", "", "the kiosk image, plain or .xz")
	to := fs.String("to", "", "the SD card's block device (/dev/sdX, /dev/mmcblkN) or an image file to create")
	force := fs.Bool("force", false, "write to a partition or a fixed (non-removable, not USB or SD) disk too; never the system disk or a mounted one")
	pos, err := parse(fs, args)
	if err != nil {
		return helpOr(err)
	}
	if err := noArgs("flash", pos); err != nil {
		return err
	}
	if err := required("flash", map[string]string{"image": *image, "to": *to}); err != nil {
		return err
	}
	res, err := flash.Flash(ctx, *image, *to, &flash.Options{Guard: e.guard, Progress: stderr, Every: e.every, Force: *force})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", res)
	return nil
}

func runProvision(ctx context.Context, e env, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("provision", stderr)
	to := fs.String("to", "", "the flashed SD card (/dev/sdX) or image file")
	profilePath := fs.String("profile", "", "this kiosk's settings (device.toml)")
	force := fs.Bool("force", false, "write to a fixed (non-removable, not USB or SD) disk too; never the system disk or a mounted one")
	pos, err := parse(fs, args)
	if err != nil {
		return helpOr(err)
	}
	if err := noArgs("provision", pos); err != nil {
		return err
	}
	if err := required("provision", map[string]string{"to": *to, "profile": *profilePath}); err != nil {
		return err
	}
	p, err := provision.LoadProfile(*profilePath)
	if err != nil {
		return err
	}
	g := e.guard
	g.Force = g.Force || *force
	rep, err := provision.Provision(ctx, *to, p, &provision.Options{Guard: g})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "provisioned %s as %s on %s\n", rep.Target.Path, p.Hostname, rep.Target.Kind)
	fmt.Fprintf(stdout, "  written to the boot partition: %s\n", strings.Join(rep.Written, ", "))
	if len(rep.Unchanged) > 0 {
		fmt.Fprintf(stdout, "  already right: %s\n", strings.Join(rep.Unchanged, ", "))
	}
	if len(rep.Cleared) > 0 {
		fmt.Fprintf(stdout, "  emptied (not in this profile any more): %s\n", strings.Join(rep.Cleared, ", "))
	}
	if rep.GeneratedHMAC {
		fmt.Fprintln(stdout, "  a new HMAC key was generated for this kiosk")
	}
	fmt.Fprintln(stdout, "The secrets are readable on the card until its first boot: keep it in hand until it is in the kiosk.")
	return nil
}

func runKeygen(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("keygen", stderr)
	out := fs.String("out", "", "path prefix of the key files: writes PREFIX.key and PREFIX.pub")
	pos, err := parse(fs, args)
	if err != nil {
		return helpOr(err)
	}
	if err := noArgs("keygen", pos); err != nil {
		return err
	}
	if err := required("keygen", map[string]string{"out": *out}); err != nil {
		return err
	}
	pub, err := sign.GenerateKeyFiles(*out, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s.key (private: keep it on the signing machine, mode 0600) and %s.pub (key id %s)\n", *out, *out, sign.KeyID(pub))
	return nil
}

func runSign(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sign", stderr)
	key := fs.String("key", "", "the private key file from kioskctl keygen (PREFIX.key)")
	pos, err := parse(fs, args)
	if err != nil {
		return helpOr(err)
	}
	if err := required("sign", map[string]string{"key": *key}); err != nil {
		return err
	}
	bundle, err := oneBundle("sign", pos)
	if err != nil {
		return err
	}
	priv, err := sign.LoadPrivateKey(*key)
	if err != nil {
		return err
	}
	sigPath, err := sign.SignFile(priv, bundle)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "signed %s with key %s: %s\n", bundle, sign.KeyID(priv.Public().(ed25519.PublicKey)), sigPath)
	fmt.Fprintln(stdout, "The signature names the package and its version: a kiosk refuses a version not newer than the one it runs.")
	return nil
}

func runVerify(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify", stderr)
	pubPath := fs.String("pub", "", "the public key file from kioskctl keygen (PREFIX.pub)")
	sigPath := fs.String("sig", "", "the signature file (default BUNDLE.sig)")
	pos, err := parse(fs, args)
	if err != nil {
		return helpOr(err)
	}
	if err := required("verify", map[string]string{"pub": *pubPath}); err != nil {
		return err
	}
	bundle, err := oneBundle("verify", pos)
	if err != nil {
		return err
	}
	pub, err := sign.LoadPublicKey(*pubPath)
	if err != nil {
		return err
	}
	st, err := sign.Verify(pub, bundle, *sigPath)
	if err != nil {
		return fmt.Errorf("BAD: %w", err)
	}
	fmt.Fprintf(stdout, "good signature: %s is %s %s (%s), signed by key %s\n", bundle, st.Package, st.Version, st.Architecture, sign.KeyID(pub))
	return nil
}
