package usbstick_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/motcua/kiosk/devices/usbstick"
	"github.com/motcua/kiosk/firmware"
)

// The kiosk's main package builds one Exporter with the defaults (/media,
// /proc/self/mounts) and hands it to the staff services as their
// firmware.ReportSink. Here a directory and a mount table of our own stand
// in for a stick mounted at /media/motcua-usb-sda1.
func ExampleExporter() {
	media, err := os.MkdirTemp("", "media")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(media)
	stick := filepath.Join(media, "motcua-usb-sda1")
	mounts := filepath.Join(media, "mounts")
	table := "/dev/sda1 " + stick + " vfat rw,nosuid,nodev,noexec 0 0\n"
	if os.Mkdir(stick, 0o755) != nil || os.WriteFile(mounts, []byte(table), 0o644) != nil {
		log.Fatal("setup failed")
	}

	var sink firmware.ReportSink = usbstick.New(&usbstick.Opts{Root: media, MountsFile: mounts})
	path, err := sink.WriteReport(context.Background(), "motcua-BK-DP-01-20261126-1600.csv", report())
	if err != nil {
		log.Fatal(err)
	}
	rel, _ := filepath.Rel(media, path)
	fmt.Println(rel)
	// Output: motcua-usb-sda1/motcua-BK-DP-01-20261126-1600.csv
}
