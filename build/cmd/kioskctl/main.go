// Command kioskctl is the technician's tool for Một Cửa kiosks (DESIGN §10):
// it flashes SD cards and checks what it wrote, writes one kiosk's settings
// onto a card, and signs and verifies update bundles.
//
//	kioskctl flash --image IMG[.xz] --to /dev/sdX|FILE
//	kioskctl provision --to /dev/sdX|FILE --profile device.toml
//	kioskctl keygen --out PREFIX
//	kioskctl sign --key PREFIX.key BUNDLE
//	kioskctl verify --pub PREFIX.pub [--sig FILE] BUNDLE
//
// Exit status: 0 on success, 1 when the work failed or was refused, 2 for
// bad arguments.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kioskctl:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
