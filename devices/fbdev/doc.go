// Package fbdev draws images into the Linux framebuffer, /dev/fb0, or into a
// plain file standing in for one. It is the output of the appliance build
// (DESIGN §3): Fyne's embedded driver hands the kiosk a captured window as
// an image.Image after every frame, and Dev.Draw puts it on the panel.
//
// A framebuffer device is opened with Open, which reads its geometry and
// pixel format with the FBIOGET_VSCREENINFO and FBIOGET_FSCREENINFO ioctls
// and maps its memory. OpenFile makes a plain file of a given size and
// format that Draw rewrites in place: rows top to bottom, no padding, the
// pixels little-endian as the Pi's framebuffer stores them. Tests, and a
// developer without a Pi, read the file back with Decode.
//
// Quirks worth knowing:
//
//   - The pixel format comes from the device's red, green and blue
//     bitfields, not from its bit depth alone: the Pi's firmware
//     framebuffer is XRGB8888 (blue in the low byte) at 32 bpp and RGB565 at
//     16 bpp, but other drivers swap red and blue. 16, 24 and 32 bpp are
//     drawn; anything else (palettes, 8 bpp) is refused by Open.
//   - A row of the device is line_length bytes, often more than width times
//     the pixel size; Draw honours the stride, and the panning offsets
//     (xoffset, yoffset) of a double-buffered virtual screen.
//   - Rotation turns the picture clockwise on the panel: Opts.Rotation 90
//     shows a portrait screen on a landscape panel, and Size reports the
//     rotated (logical) size, the one to lay the window out at.
//   - Draw keeps a copy of the last frame and writes only the rows that
//     changed, so a blinking cursor or a ticking clock touches a few rows
//     of a slow framebuffer, not all of them.
//   - Blank(true) powers the panel down with FBIOBLANK on a device; a file
//     is filled with black, so a test can see it, and Blank(false) restores
//     the last frame.
package fbdev
