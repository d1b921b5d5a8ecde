// Package backlight dims and powers a display's backlight through Linux's
// backlight class, /sys/class/backlight/NAME/ (brightness,
// max_brightness, bl_power). The kiosk follows the room's light with it
// (DESIGN §2, the BH1750) and turns it off when the screen blanks.
//
// The official 7" display's backlight is "rpi_backlight" on older
// kernels and "10-0045" with the KMS driver; HDMI panels usually have none,
// and then Find reports ErrNone and the kiosk blanks the framebuffer only.
//
// Quirks worth knowing:
//
//   - max_brightness differs between drivers (255, 31, 100), so levels are
//     given as a share of it, 0..1.
//   - Brightness 0 turns some panels' backlight fully off, which reads as a
//     dead screen; Set keeps any level above 0 at least at step 1.
//   - bl_power takes the framebuffer's blanking values: 0 is on, 4 is off.
//   - The files belong to root unless udev hands them to the video group;
//     the kiosk's package installs that rule.
package backlight
