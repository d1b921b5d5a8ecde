// Command mkdeb packages a kiosk binary as a Debian package (build/deb):
//
//	mkdeb -binary dist/kiosk-linux-arm64 -arch arm64 -version 1.2.0 -out dist
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/motcua/kiosk/build/deb"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintln(os.Stderr, "mkdeb:", err)
		}
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mkdeb", flag.ContinueOnError)
	fs.SetOutput(stderr)
	binary := fs.String("binary", "", "the kiosk `binary` to package")
	arch := fs.String("arch", "", "Debian `architecture`: arm64, armhf or amd64")
	version := fs.String("version", "", "package `version` (a git description is turned into 0.0.0~git…)")
	out := fs.String("out", "dist", "output `directory`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *binary == "" || *arch == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("-binary and -arch are required")
	}
	p, err := deb.Build(deb.Opts{Binary: *binary, Arch: *arch, Version: *version, OutDir: *out})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, p)
	return nil
}
