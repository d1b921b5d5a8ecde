package kiosk

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/kiosk/firmware"
)

// Staff PIN lockout (DESIGN §4): five wrong PINs lock staff mode for five
// minutes, and a reboot does not clear that, so the count and the end of
// the lock are kept in Settings.
const (
	MaxPINFailures = 5
	PINLockout     = 5 * time.Minute

	settingPINFailures = "staff_pin_failures"
	settingPINLocked   = "staff_pin_locked_until" // unix seconds
)

// CheckPIN returns nil when pin matches the staff PIN hash. A wrong PIN is
// EUNAUTHORIZED; while staff mode is locked every attempt, right or wrong,
// is ERATELIMITED. With no usable PIN hash configured every attempt is
// EINTERNAL: staff mode is not set up.
func (k *Kiosk) CheckPIN(pin string) error {
	if k.cfg.PINHash == "" {
		return firmware.Errorf(firmware.EINTERNAL, "kiosk: no staff PIN configured")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	k.pinMu.Lock()
	defer k.pinMu.Unlock()

	now := k.cfg.Clock.Now()
	failures, until := k.pinState(ctx)
	if !until.IsZero() && now.Before(until) {
		// A clock that jumped back (no battery clock, no NTP yet) must not
		// stretch the lock: never more than PINLockout from now.
		if until.Sub(now) > PINLockout {
			until = now.Add(PINLockout)
			k.savePINState(ctx, failures, until)
		}
		return firmware.Errorf(firmware.ERATELIMITED, "kiosk: staff mode locked for %s", until.Sub(now).Round(time.Second))
	}

	if pinMatches(k.cfg.PINHash, pin) {
		if failures != 0 || !until.IsZero() {
			k.savePINState(ctx, 0, time.Time{})
		}
		k.cfg.Log.Info("staff signed in")
		return nil
	}
	failures++
	if failures >= MaxPINFailures {
		k.savePINState(ctx, 0, now.Add(PINLockout))
		k.cfg.Log.Warn("staff mode locked after wrong PINs", "failures", failures, "for", PINLockout)
		return firmware.Errorf(firmware.ERATELIMITED, "kiosk: staff mode locked for %s", PINLockout)
	}
	k.savePINState(ctx, failures, time.Time{})
	k.cfg.Log.Warn("wrong staff PIN", "failures", failures)
	return firmware.Errorf(firmware.EUNAUTHORIZED, "kiosk: wrong staff PIN")
}

// pinState reads the lockout state; without Settings it lives in memory.
func (k *Kiosk) pinState(ctx context.Context) (int, time.Time) {
	if k.cfg.Settings == nil {
		return k.pinFailures, k.pinLockedUntil
	}
	var failures int
	var until time.Time
	if v, ok, err := k.cfg.Settings.Setting(ctx, settingPINFailures); err == nil && ok {
		failures, _ = strconv.Atoi(strings.TrimSpace(v))
	}
	if v, ok, err := k.cfg.Settings.Setting(ctx, settingPINLocked); err == nil && ok {
		if s, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && s > 0 {
			until = time.Unix(s, 0)
		}
	}
	return failures, until
}

func (k *Kiosk) savePINState(ctx context.Context, failures int, until time.Time) {
	k.pinFailures, k.pinLockedUntil = failures, until
	if k.cfg.Settings == nil {
		return
	}
	var u int64
	if !until.IsZero() {
		u = until.Unix()
	}
	if err := k.cfg.Settings.SetSetting(ctx, settingPINFailures, strconv.Itoa(failures)); err != nil {
		k.cfg.Log.Error("saving the PIN lockout failed", "err", err)
	}
	if err := k.cfg.Settings.SetSetting(ctx, settingPINLocked, strconv.FormatInt(u, 10)); err != nil {
		k.cfg.Log.Error("saving the PIN lockout failed", "err", err)
	}
}

// HashPIN returns the bcrypt hash to store for a staff PIN.
func HashPIN(pin string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	return string(h), err
}
