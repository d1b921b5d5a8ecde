package evdev

import "testing"

// TestIoctlNumbers checks the requests against what <linux/input.h> gives,
// _IOC(dir, 'E', nr, size) = dir<<30 | size<<16 | 0x45<<8 | nr, with
// _IOC_READ = 2 and _IOC_WRITE = 1:
//
//	EVIOCGMTSLOTS(len)     = 0x80000000 | len<<16 | 0x450a; 4·(1+16) = 0x44 → 0x8044450a
//	EVIOCGKEY(len)         = 0x80000000 | len<<16 | 0x4518; 0x2ff/8+1 = 96 = 0x60 → 0x80604518
//	EVIOCGABS(abs)         = _IOR('E', 0x40+abs, struct input_absinfo), 24 = 0x18 bytes:
//	                         ABS_MT_SLOT 0x2f → 0x8018456f, ABS_X → 0x80184540
//	EVIOCGNAME(256)        = 0x80000000 | 0x100<<16 | 0x4506 = 0x81004506
//	EVIOCGBIT(EV_ABS, 8)   = 0x80000000 | 8<<16 | 0x45<<8 | 0x20+3 = 0x80084523
//	EVIOCGPROP(4)          = 0x80044509
//	EVIOCGRAB              = _IOW('E', 0x90, int) = 1<<30 | 4<<16 | 0x4590 = 0x40044590
//
// The ioctls themselves need an input device, which the test machines lack
// (no /dev/uinput to make one): Device.State is checked on hardware.
func TestIoctlNumbers(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want uintptr
	}{
		{"EVIOCGMTSLOTS(68)", eviocgmtslots(4 * (1 + MaxSlots)), 0x8044450a},
		{"EVIOCGMTSLOTS(44)", eviocgmtslots(4 * (1 + 10)), 0x802c450a},
		{"EVIOCGKEY(96)", eviocgkey(uintptr(keyMax)/8 + 1), 0x80604518},
		{"EVIOCGABS(ABS_MT_SLOT)", eviocgabs(AbsMTSlot), 0x8018456f},
		{"EVIOCGABS(ABS_X)", eviocgabs(AbsX), 0x80184540},
		{"EVIOCGABS(ABS_Y)", eviocgabs(AbsY), 0x80184541},
		{"EVIOCGNAME(256)", eviocgname(256), 0x81004506},
		{"EVIOCGBIT(EV_ABS, 8)", eviocgbit(EvAbs, 8), 0x80084523},
		{"EVIOCGPROP(4)", eviocgprop(4), 0x80044509},
		{"EVIOCGRAB", eviocgrab, 0x40044590},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %#x, want %#x", tc.name, tc.got, tc.want)
		}
	}
}
