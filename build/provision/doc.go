// Package provision writes one kiosk's settings onto a freshly flashed
// Raspberry Pi OS (Bookworm) card or image file, without mounting it:
// kioskctl provision.
//
// It opens the card with github.com/diskfs/go-diskfs, finds the FAT boot
// partition (the first partition of the MBR) and writes into its root
// directory; the root (ext4) partition is never touched. Everything is
// prepared and validated before the first write, every file is read back
// and compared afterwards, and provisioning the same card twice gives the
// same config.txt and cmdline.txt.
//
// # What lands on the boot partition
//
//	config.txt                 existing lines kept; "[all]" and dtparam=i2c_arm=on appended
//	                           once, unless I2C1 is already on for every board
//	cmdline.txt                existing parameters kept but console=tty1; added: video=CONNECTOR:MODE,rotate=N
//	                           (display), cfg80211.ieee80211_regdom=CC (Wi-Fi), console=tty3 quiet
//	                           loglevel=3 logo.nologo vt.global_cursor_default=0 consoleblank=0 (no
//	                           kernel messages, logo, cursor or console blanking on the kiosk's screen), and the
//	                           first-boot hook systemd.run=/boot/firmware/motcua-firstrun.sh
//	                           systemd.run_success_action=reboot systemd.unit=kernel-command-line.target
//	motcua-firstrun.sh         the first-boot script (below)
//	motcua-kiosk.toml          → /etc/motcua-kiosk/kiosk.toml (0644)
//	motcua-secrets.toml        → /etc/motcua-kiosk/secrets.toml (0600, owner kiosk):
//	                           device_token, hmac_key (64 hex digits, generated when the
//	                           profile has none), staff_pin_hash (bcrypt; the PIN itself is
//	                           written nowhere), admin_token when given
//	motcua-wifi.nmconnection   → /etc/NetworkManager/system-connections/ (0600)
//	motcua-authorized_keys     → ~TECHNICIAN/.ssh/authorized_keys (0600)
//	motcua-update.pub          → /etc/motcua-kiosk/update.pub, the key kiosk update trusts
//	motcua-kiosk.deb           the kiosk package, installed with dpkg -i
//
// The files sit in the partition's root because go-diskfs v1.9.4 gives a
// directory it creates a ".." entry that fsck.fat reports as invalid.
//
// # First boot
//
// Bookworm offers two ways to configure a card from its boot partition: the
// firstrun.sh script that Raspberry Pi Imager's OS customisation writes and
// hooks into cmdline.txt with systemd.run=, and custom.toml read by
// raspberrypi-sys-mods, which its maintainers call experimental and plan to
// remove. This package uses the first: motcua-firstrun.sh runs once as root at
// the second boot (the first grows the root partition), sets the host name
// and the time zone (Asia/Ho_Chi_Minh), loads i2c-dev at boot, installs the
// Wi-Fi keyfile (Bookworm uses NetworkManager), creates the technician's
// account with a locked password (renaming the image's first user with
// userconf like Imager does, which also ends the console's "create a user"
// wizard), installs the SSH keys and turns password logins off, installs
// motcua-kiosk.deb, moves the settings and secrets into /etc/motcua-kiosk,
// removes each file from the boot partition once installed, takes its hook
// off cmdline.txt and lets systemd reboot. It logs to motcua-firstrun.log on
// the boot partition, so a card that misbehaves can be read in any card
// reader.
//
// Until that first boot the secrets lie in the clear on a FAT partition that
// anyone holding the card can read: provision cards just before they are
// installed, and keep them in hand.
//
// # Display rotation
//
// Bookworm drives displays through KMS, where the firmware's
// display_lcd_rotate and display_hdmi_rotate no longer apply. The rotation
// goes into the kernel's video= parameter in cmdline.txt
// (video=DSI-1:800x480@60,rotate=90), which turns the console and the DRM
// plane; 0 and 180 are done by the display hardware, 90 and 270 by fbcon
// only. The kiosk draws into /dev/fb0 itself, so it must be told its own
// rotation (and touch rotation) in its settings; that is the display
// backend's business, not this package's.
//
// # The profile (device.toml)
//
// One TOML file per kiosk; testdata/device.toml is a complete example.
// Unknown keys are refused by name, and every bad value is named at once.
//
//	hostname   = "kiosk-dongphuc-01"   # required: lower-case letters, digits, '-'
//	timezone   = "Asia/Ho_Chi_Minh"    # default
//	package    = "../dist/motcua-kiosk_1.0.0_arm64.deb"  # optional; relative to this file
//	update_key = "release.pub"         # optional; from kioskctl keygen
//
//	[wifi]                     # optional; leave out for Ethernet
//	ssid    = "UBND-DongPhuc"
//	psk     = "…"              # 8–63 characters or 64 hex digits; leave out for an open network
//	country = "VN"             # default
//	hidden  = false
//
//	[ssh]
//	user            = "kythuat"            # default; the technician's login
//	authorized_keys = ["ssh-ed25519 AAAA… kythuat@laptop"]  # none: no SSH
//
//	[display]                  # optional
//	connector = "DSI-1"        # or "HDMI-A-1"…
//	mode      = "800x480@60"   # default for DSI-1
//	rotate    = 0              # 0, 90, 180, 270
//
//	[kiosk]                    # becomes kiosk.toml: the kiosk's own keys, any of them
//	commune  = "UBND xã Đồng Phúc"  # required
//	kiosk_id = "BK-BB-DP-01"   # default: the host name
//	language = "vi"
//	board    = "pi"            # default here (the kiosk's own default is "sim")
//	[kiosk.portal]
//	url = "https://portal.backan.example/kiosk"
//	lookup_timeout = "5s"
//	health_every   = "1m"
//	[kiosk.idle]
//	reset_after = "60s"
//	countdown   = "10s"
//	staff_signout = "2m"
//	# [kiosk.admin], [kiosk.display], [kiosk.pins], … as in kiosk.toml
//
//	[secrets]
//	device_token = "…"         # required: the portal's token for this kiosk
//	hmac_key     = ""          # optional: 64 hex digits; generated when left out
//	staff_pin    = "135790"    # required: 6–12 digits, not a repeat or a run; only its bcrypt hash is written
//	admin_token  = "…"         # optional, at least 32 bytes; required when [kiosk.admin] listen is set
//
// The [kiosk] table is the kiosk's settings file itself: it is checked by the
// kiosk's own rules (firmware/settings), its keys named "kiosk.…", and the
// keys given, with kiosk_id and board defaulted here, are written to
// kiosk.toml, so the kiosk's defaults apply to the rest. The [secrets] keys
// follow the kiosk's rules for secrets.toml.
package provision
