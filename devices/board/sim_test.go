package board

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/motcua/kiosk/firmware"
)

func TestSimLogsChangesOnly(t *testing.T) {
	var buf bytes.Buffer
	s := NewSim(slog.New(slog.NewTextHandler(&buf, nil)))
	if s.Indicator(firmware.LEDPortal) != firmware.PatternOff {
		t.Fatal("unset LED not off")
	}
	s.SetIndicator(firmware.LEDPortal, firmware.PatternOn)
	s.SetIndicator(firmware.LEDPortal, firmware.PatternOn)
	s.SetIndicator(firmware.LEDPortal, firmware.PatternSlowBlink)
	if got := s.Indicator(firmware.LEDPortal); got != firmware.PatternSlowBlink {
		t.Fatalf("portal LED %v", got)
	}
	if n := strings.Count(buf.String(), "led=portal"); n != 2 {
		t.Fatalf("%d log lines for 2 changes:\n%s", n, buf.String())
	}
	if !strings.Contains(buf.String(), "pattern=slow-blink") {
		t.Fatalf("log %q", buf.String())
	}
}
