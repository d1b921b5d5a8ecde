package provision

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"
	"github.com/google/uuid"

	"github.com/motcua/kiosk/build/sign"
	"github.com/motcua/kiosk/firmware/kiosk"
	"github.com/motcua/kiosk/firmware/settings"
)

// Names on the boot partition. They sit in its root directory: go-diskfs
// v1.9.4 writes a ".." entry that fsck.fat rejects into directories it
// creates, so kioskctl creates none.
const (
	kioskFile   = "motcua-kiosk.toml"
	secretsFile = "motcua-secrets.toml"
	wifiFile    = "motcua-wifi.nmconnection"
	keysFile    = "motcua-authorized_keys"
	updateFile  = "motcua-update.pub"
	packageFile = "motcua-kiosk.deb"
	logFile     = "motcua-firstrun.log"
	configTxt   = "config.txt"
	cmdlineTxt  = "cmdline.txt"
)

// kioskTOML renders /etc/motcua-kiosk/kiosk.toml.
func kioskTOML(p *Profile) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# /etc/motcua-kiosk/kiosk.toml for %s, written by kioskctl provision.\n", p.Hostname)
	b.WriteString("# Keys not given here take the kiosk's defaults; check with: kiosk config check\n\n")
	table, err := p.kioskTOML()
	if err != nil {
		return nil, err
	}
	b.Write(table)
	return b.Bytes(), nil
}

// secretsTOML renders secrets.toml in the kiosk's own type: device_token,
// hmac_key, staff_pin_hash and, when given, admin_token.
func secretsTOML(p *Profile, rnd io.Reader) (data []byte, generated bool, err error) {
	key := strings.ToLower(p.Secrets.HMACKey)
	if key == "" {
		raw := make([]byte, 32)
		if _, err := io.ReadFull(rnd, raw); err != nil {
			return nil, false, fmt.Errorf("provision: generating the HMAC key: %w", err)
		}
		key, generated = hex.EncodeToString(raw), true
	}
	hash, err := kiosk.HashPIN(p.Secrets.StaffPIN)
	if err != nil {
		return nil, false, fmt.Errorf("provision: hashing the staff PIN: %w", err)
	}
	s := settings.Secrets{DeviceToken: p.Secrets.DeviceToken, HMACKey: key, StaffPINHash: hash, AdminToken: p.Secrets.AdminToken}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# /etc/motcua-kiosk/secrets.toml for %s (mode 0600), written by kioskctl provision.\n\n", p.Hostname)
	if err := toml.NewEncoder(&b).Encode(s); err != nil {
		return nil, false, fmt.Errorf("provision: secrets.toml: %w", err)
	}
	return b.Bytes(), generated, nil
}

// wifiKeyfile renders a NetworkManager keyfile (nm-settings-keyfile(5)).
// Its UUID is derived from the host name and SSID, so provisioning twice
// writes the same file.
func wifiKeyfile(p *Profile) []byte {
	w := p.WiFi
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("motcua-kiosk:"+p.Hostname+":wifi:"+w.SSID))
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by kioskctl provision; installed as /etc/NetworkManager/system-connections/motcua-wifi.nmconnection\n")
	fmt.Fprintf(&b, "[connection]\nid=motcua-wifi\nuuid=%s\ntype=wifi\nautoconnect=true\n\n", id)
	fmt.Fprintf(&b, "[wifi]\nmode=infrastructure\nssid=%s\n", keyfileSSID(w.SSID))
	if w.Hidden {
		b.WriteString("hidden=true\n")
	}
	if w.PSK != "" {
		fmt.Fprintf(&b, "\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=%s\n", keyfileString(w.PSK))
	}
	b.WriteString("\n[ipv4]\nmethod=auto\n\n[ipv6]\naddr-gen-mode=default\nmethod=auto\n")
	return []byte(b.String())
}

// keyfileString escapes a GKeyFile string value: backslashes, and spaces at
// either end (which the parser would trim).
func keyfileString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	lead := len(s) - len(strings.TrimLeft(s, " "))
	s = strings.Repeat(`\s`, lead) + s[lead:]
	trail := len(s) - len(strings.TrimRight(s, " "))
	return s[:len(s)-trail] + strings.Repeat(`\s`, trail)
}

// keyfileSSID writes a plain SSID as text and anything unusual (a ';', a
// backslash, bytes outside printable ASCII, spaces at an end) as the
// keyfile's list of byte values ("ssid=72;105;"), which NetworkManager reads
// unambiguously.
func keyfileSSID(ssid string) string {
	plain := !strings.HasPrefix(ssid, " ") && !strings.HasSuffix(ssid, " ")
	for i := 0; i < len(ssid) && plain; i++ {
		c := ssid[i]
		plain = c >= 0x20 && c <= 0x7e && c != ';' && c != '\\'
	}
	if plain {
		return ssid
	}
	var b strings.Builder
	for i := 0; i < len(ssid); i++ {
		b.WriteString(strconv.Itoa(int(ssid[i])))
		b.WriteByte(';')
	}
	return b.String()
}

func authorizedKeys(p *Profile) []byte {
	return []byte(strings.Join(p.SSH.AuthorizedKeys, "\n") + "\n")
}

func updateKey(p *Profile) ([]byte, error) {
	pub, err := sign.LoadPublicKey(p.path(p.UpdateKey))
	if err != nil {
		return nil, fmt.Errorf("provision: %w", err)
	}
	return sign.MarshalPublicKey(pub)
}

func randReader(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var firstRunTmpl = template.Must(template.New(firstRunName).Funcs(template.FuncMap{"q": shellQuote}).Parse(firstRunScript))

func firstRun(p *Profile) ([]byte, error) {
	var b bytes.Buffer
	data := struct {
		*Profile
		Files map[string]string
	}{p, map[string]string{
		"kiosk": kioskFile, "secrets": secretsFile, "wifi": wifiFile, "keys": keysFile,
		"update": updateFile, "package": packageFile, "log": logFile, "cmdline": cmdlineTxt,
	}}
	if err := firstRunTmpl.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("provision: first-boot script: %w", err)
	}
	return b.Bytes(), nil
}

// firstRunScript runs once as root at the first boot of Raspberry Pi OS
// Bookworm, through systemd.run= on the kernel command line (the mechanism
// Raspberry Pi Imager's OS customisation uses).
const firstRunScript = `#!/bin/bash
# motcua-firstrun.sh for {{.Hostname}}, written by kioskctl provision.
#
# Raspberry Pi OS runs this once, as root, at the first boot after it has grown
# the root partition (systemd.run= in cmdline.txt, as Raspberry Pi Imager does).
# It applies this kiosk's settings, installs the kiosk package, moves the
# settings and secrets from the boot partition into /etc/motcua-kiosk, takes
# the hook off cmdline.txt and lets systemd reboot. Its log stays on the boot
# partition as {{.Files.log}} (readable in any card reader; no secrets in it).
set -u
BOOT=$(dirname "$(readlink -f "$0")")
exec >>"$BOOT/{{.Files.log}}" 2>&1
echo "== motcua-kiosk first boot, $(date -u '+%Y-%m-%d %H:%M:%S UTC') (the clock may not be set yet)"
FAILED=0
fail() { echo "FAILED: $*"; FAILED=1; }

NEW_HOSTNAME={{q .Hostname}}
TIMEZONE={{q .Timezone}}
TECH_USER={{q .SSH.User}}

echo "-- host name $NEW_HOSTNAME"
echo "$NEW_HOSTNAME" >/etc/hostname || fail "writing /etc/hostname"
if grep -q '^127\.0\.1\.1' /etc/hosts; then
	sed -i "s/^127\.0\.1\.1.*/127.0.1.1\t$NEW_HOSTNAME/" /etc/hosts || fail "editing /etc/hosts"
else
	printf '127.0.1.1\t%s\n' "$NEW_HOSTNAME" >>/etc/hosts || fail "editing /etc/hosts"
fi

echo "-- time zone $TIMEZONE"
if [ -f "/usr/share/zoneinfo/$TIMEZONE" ]; then
	ln -sf "/usr/share/zoneinfo/$TIMEZONE" /etc/localtime && echo "$TIMEZONE" >/etc/timezone || fail "setting the time zone"
else
	fail "no /usr/share/zoneinfo/$TIMEZONE"
fi

echo "-- I2C: dtparam=i2c_arm=on is in config.txt; load i2c-dev for /dev/i2c-1"
echo i2c-dev >/etc/modules-load.d/motcua-kiosk-i2c.conf || fail "i2c-dev"
{{if .WiFi}}
echo "-- Wi-Fi (NetworkManager keyfile)"
if install -D -m 600 -o root -g root "$BOOT/{{.Files.wifi}}" /etc/NetworkManager/system-connections/motcua-wifi.nmconnection; then
	rm -f "$BOOT/{{.Files.wifi}}"
else
	fail "installing the Wi-Fi connection"
fi
rfkill unblock wifi 2>/dev/null
for f in /var/lib/systemd/rfkill/*:wlan; do [ -e "$f" ] && echo 0 >"$f"; done
{{end}}
echo "-- technician account $TECH_USER (no password; SSH keys only)"
if ! id "$TECH_USER" >/dev/null 2>&1; then
	if [ -n "$(getent passwd 1000)" ] && [ -x /usr/lib/userconf-pi/userconf ]; then
		# Renames the image's first user and ends the console's "create a user" wizard, as Imager does.
		/usr/lib/userconf-pi/userconf "$TECH_USER" '*' || fail "userconf"
	else
		useradd -m -s /bin/bash -G sudo,adm "$TECH_USER" || fail "useradd"
	fi
fi
usermod -p '*' "$TECH_USER" || fail "locking the password of $TECH_USER"
SUDOERS=/etc/sudoers.d/010_motcua-kiosk-technician
echo "$TECH_USER ALL=(ALL) NOPASSWD: ALL" >"$SUDOERS" && chmod 440 "$SUDOERS" || fail "sudoers"
if command -v visudo >/dev/null && ! visudo -cqf "$SUDOERS"; then rm -f "$SUDOERS"; fail "sudoers syntax"; fi
{{- if .SSH.AuthorizedKeys}}
HOME_DIR=$(getent passwd "$TECH_USER" | cut -d: -f6)
TECH_GROUP=$(id -gn "$TECH_USER")
if install -d -m 700 -o "$TECH_USER" -g "$TECH_GROUP" "$HOME_DIR/.ssh" &&
	install -m 600 -o "$TECH_USER" -g "$TECH_GROUP" "$BOOT/{{.Files.keys}}" "$HOME_DIR/.ssh/authorized_keys"; then
	rm -f "$BOOT/{{.Files.keys}}"
else
	fail "installing the SSH keys"
fi
printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\n' >/etc/ssh/sshd_config.d/motcua-kiosk.conf
systemctl enable ssh || fail "enabling ssh"
{{- end}}

echo "-- kiosk package"
if [ -f "$BOOT/{{.Files.package}}" ]; then
	if DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold -i "$BOOT/{{.Files.package}}"; then
		# Kept with its signature in root's own directory, so that the first
		# "kiosk update" can roll back to it after checking it again.
		if [ -f "$BOOT/{{.Files.package}}.sig" ]; then
			install -d -m 700 -o root -g root /var/lib/motcua-kiosk-update &&
				install -m 600 -o root -g root "$BOOT/{{.Files.package}}" /var/lib/motcua-kiosk-update/current.deb &&
				install -m 600 -o root -g root "$BOOT/{{.Files.package}}.sig" /var/lib/motcua-kiosk-update/current.deb.sig ||
				echo "could not keep the installed package: the first update cannot roll back"
		else
			echo "the package had no signature beside it: the first update cannot roll back"
		fi
		rm -f "$BOOT/{{.Files.package}}" "$BOOT/{{.Files.package}}.sig"
	else
		fail "dpkg -i {{.Files.package}}"
	fi
else
	echo "no {{.Files.package}} on the boot partition: install the kiosk package by hand"
fi

echo "-- settings and secrets into /etc/motcua-kiosk"
OWNER=root
if id kiosk >/dev/null 2>&1; then OWNER=kiosk; fi
install -d -m 755 -o root -g root /etc/motcua-kiosk || fail "mkdir /etc/motcua-kiosk"
if install -m 644 -o root -g root "$BOOT/{{.Files.kiosk}}" /etc/motcua-kiosk/kiosk.toml; then
	rm -f "$BOOT/{{.Files.kiosk}}"
else
	fail "installing kiosk.toml"
fi
if install -m 600 -o "$OWNER" -g "$OWNER" "$BOOT/{{.Files.secrets}}" /etc/motcua-kiosk/secrets.toml; then
	rm -f "$BOOT/{{.Files.secrets}}"
else
	fail "installing secrets.toml"
fi
{{- if .UpdateKey}}
if install -m 644 -o root -g root "$BOOT/{{.Files.update}}" /etc/motcua-kiosk/update.pub; then
	rm -f "$BOOT/{{.Files.update}}"
else
	fail "installing update.pub"
fi
{{- end}}

{{- if or (not .WiFi) (not .SSH.AuthorizedKeys) (not .UpdateKey)}}
# Settings of an earlier provisioning that this profile does not have.
rm -f{{if not .WiFi}} "$BOOT/{{.Files.wifi}}"{{end}}{{if not .SSH.AuthorizedKeys}} "$BOOT/{{.Files.keys}}"{{end}}{{if not .UpdateKey}} "$BOOT/{{.Files.update}}"{{end}}
{{- end}}

echo "-- removing the first-boot hook from {{.Files.cmdline}}"
sed -i -e 's# systemd\.run=[^ ]*##g' -e 's# systemd\.run_success_action=[^ ]*##g' \
	-e 's# systemd\.unit=kernel-command-line\.target##g' "$BOOT/{{.Files.cmdline}}" || fail "editing cmdline.txt"
if [ "$FAILED" = 0 ]; then
	echo "== done"
	rm -f "$0"
else
	echo "== finished with failures (above); files not installed are still on the boot partition"
fi
sync
exit 0
`
