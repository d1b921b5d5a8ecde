package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/motcua/kiosk/firmware/code"
	"github.com/motcua/kiosk/firmware/portal"
	"github.com/motcua/kiosk/firmware/settings"
)

// demoReceiptHost is the host of the demo receipts' QR URLs (README).
const demoReceiptHost = "dichvucong.backan.gov.vn"

// checkPortalURL is portal.CheckURL with the setting's name, for
// --portal-url.
func checkPortalURL(raw string) error {
	if err := portal.CheckURL(raw); err != nil {
		return fmt.Errorf(`"portal.url" %w`, err)
	}
	return nil
}

// receiptHosts are the hosts whose receipt URLs the kiosk reads: the
// settings' own list, or the portal's host, and the demo receipts' host
// in demo mode.
func receiptHosts(c settings.Config, portalURL string, demo bool) []string {
	if len(c.Portal.ReceiptHosts) > 0 {
		return c.Portal.ReceiptHosts
	}
	var hosts []string
	if h := code.HostOf(portalURL); h != "" {
		hosts = append(hosts, h)
	}
	if demo {
		hosts = append(hosts, demoReceiptHost)
	}
	return hosts
}

// dataDir is where a command keeps the ledger: the flag, else the
// settings' data_dir, else /var/lib/motcua-kiosk on a provisioned kiosk
// and the user's data directory in demo mode.
func dataDir(flag string, c settings.Config, demo bool) string {
	switch {
	case flag != "":
		return flag
	case c.DataDir != "":
		return c.DataDir
	case !demo:
		return "/var/lib/motcua-kiosk"
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "motcua-kiosk")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "motcua-kiosk")
	}
	return filepath.Join(os.TempDir(), "motcua-kiosk")
}
