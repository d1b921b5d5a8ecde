// Package widget holds the kiosk's own widgets: a button that never takes
// keyboard focus, a press-and-hold detector, the on-screen keypad, the
// dossier timeline and the bar chart of staff mode's busy hours.
//
// Two facts about Fyne 2.7.1 shape them. The embedded driver (the appliance,
// DESIGN §3) delivers a finger as mobile.Touchable TouchDown/TouchUp and a
// tap, and runs no animations; the GL driver (the desktop) delivers a mouse as
// desktop.Mouseable MouseDown/MouseUp and a tap. So every widget here that
// shows a press or measures one implements both. And a focused widget eats
// typed keys before the canvas sees them (Tab focuses the next Focusable,
// Space taps a focused fyne Button), so nothing here is Focusable: a keyboard
// plugged into the kiosk can do no more than the barcode scanner.
package widget
