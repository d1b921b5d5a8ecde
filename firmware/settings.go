package firmware

import "context"

// Settings is a small persistent key/value store for state that must
// survive a reboot, such as the staff PIN lockout.
type Settings interface {
	// Setting returns the value of key and whether it was set.
	Setting(ctx context.Context, key string) (string, bool, error)
	// SetSetting stores value under key.
	SetSetting(ctx context.Context, key, value string) error
}
