// Package console sets the mode of a Linux virtual terminal (VT), the
// console that shares the framebuffer with the kiosk (DESIGN §3). In text
// mode, KD_TEXT, the kernel's framebuffer console draws the VT's text and
// its blinking cursor into /dev/fb0, over whatever a program drew there;
// in graphics mode, KD_GRAPHICS, it leaves the screen alone until the VT
// goes back to text. The appliance puts the screen's VT, /dev/tty1 on a
// Pi, in graphics mode while it runs and back in text mode when it stops.
//
// Open opens a VT without making it the caller's controlling terminal and
// checks, with KDGETMODE, that it is one; SetMode sets the mode with
// KDSETMODE (both from <linux/kd.h>).
//
// Quirks worth knowing:
//
//   - KDSETMODE needs the VT to be the caller's controlling terminal or
//     CAP_SYS_TTY_CONFIG (drivers/tty/vt/vt_ioctl.c); KDGETMODE needs
//     neither. A VT is root:tty, mode 0620, so a program that is not root
//     opens it write-only through the tty group and sets its mode with the
//     capability. Open never takes the VT as controlling terminal: a
//     keyboard's Ctrl-C on it would then stop the program.
//   - The mode belongs to the VT, not to the file: it outlives the
//     program. A program killed in graphics mode leaves the VT without
//     text until a program sets text mode again or the machine restarts:
//     set Text on the way out.
//   - Only the VT on the screen (the foreground one) is drawn, so setting
//     the mode of another VT changes nothing visible until it is switched
//     to. Going back to text redraws the VT's text over the last frame.
//   - Graphics mode does not change the keyboard: keys typed on the VT
//     still reach it, only their echo is not drawn.
package console
