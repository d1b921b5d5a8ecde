package main

import (
	"fmt"

	"github.com/motcua/kiosk/devices/evdev"
)

// parseInputs reads the --input flags: "auto", "touch:PATH[@XMAXxYMAX]",
// "scanner:PATH".
func parseInputs(specs []string) (*evdev.Inputs, error) {
	in := &evdev.Inputs{}
	for _, s := range specs {
		if s == "auto" {
			in.Auto = true
			continue
		}
		src, err := evdev.ParseSource(s)
		if err != nil {
			return nil, fmt.Errorf("run: --input: %w", err)
		}
		in.Sources = append(in.Sources, src)
	}
	return in, nil
}
