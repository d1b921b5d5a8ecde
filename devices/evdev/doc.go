// Package evdev reads touch screens and USB barcode scanners through the
// Linux input subsystem (/dev/input/event*), without cgo, for the appliance
// build (DESIGN §3). It also reads a plain file or a FIFO of the same
// records, so that tests drive the whole appliance on any Linux machine.
//
// The layers, each usable alone:
//
//   - Decoder reads struct input_event records from any io.Reader; Encode
//     writes them, for tests and fixtures.
//   - Touch turns a touch screen's events into Contacts in screen pixels:
//     the multi-touch protocol B (ABS_MT_SLOT, ABS_MT_TRACKING_ID,
//     ABS_MT_POSITION_X/Y), the older protocol A (SYN_MT_REPORT) and
//     single-touch panels (ABS_X/ABS_Y with BTN_TOUCH), with a calibration
//     matrix and the display's rotation.
//   - Keyboard assembles what a USB HID scanner types (US layout, Shift and
//     Caps Lock honoured) into one code per Enter.
//   - Open opens a device or a file; Inputs runs a set of them, finds
//     devices by their capabilities and follows hot-plugging with inotify.
//
// Quirks worth knowing:
//
//   - struct input_event holds a struct timeval, so a record is 24 bytes
//     where long is 64 bits and 16 bytes on 32-bit ARM (also under a 64-bit
//     kernel, whose compat layer translates). A device is read in this
//     process's own layout; a file or FIFO always in the 64-bit one, so
//     that a recording plays back on any kiosk (DESIGN §10).
//   - A scanner is a keyboard. It is grabbed (EVIOCGRAB) so that its keys
//     reach neither the console nor a login prompt behind the kiosk, and
//     whatever is typed reaches the kiosk only as whole codes: a stranger's
//     keyboard can do no more than a scanner (DESIGN §10). Keys typed more
//     than Keyboard.Gap apart belong to different inputs.
//   - When the kernel's buffer overflows it sends SYN_DROPPED and the state
//     of the fingers is unknown. As event-codes.rst asks (and libevdev
//     does), Touch ignores the events up to the next SYN_REPORT, reads what
//     the device holds (Device.State: EVIOCGMTSLOTS, EVIOCGABS, EVIOCGKEY)
//     and reports only the difference: fingers lifted meanwhile lift where
//     they were last seen, new ones touch, held ones move if they moved,
//     and the selected slot is restored. A file or FIFO has no state to
//     read; then, or when the read fails, Touch lifts every finger it knew
//     and waits for new ones: a stuck finger is worse than a lost stroke.
//   - Most multi-touch drivers also send the single-touch events for the
//     first finger; Touch ignores those once it has seen an ABS_MT event.
//   - A newly plugged device appears in /dev/input before udev has given
//     it its group; Inputs retries a device it may not open yet when its
//     attributes change (IN_ATTRIB).
//   - A FIFO is opened read-write, so that it stays open between writers
//     and a test may write to it in several goes.
package evdev
