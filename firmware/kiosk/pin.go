package kiosk

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/kiosk/firmware"
)

// Staff PIN lockout (DESIGN §4): five wrong PINs lock staff mode, for five
// minutes the first time and twice as long each time after, up to
// MaxPINLockout, until the right PIN is entered. A reboot does not clear
// it, so the state is kept in Settings, and every attempt is counted there
// before the PIN is compared: a kiosk that cannot read or save the count
// (a full or read-only card) keeps staff mode locked rather than allow
// guesses without end.
//
// MaxPINLockout is 8 hours: past it a guesser gets five tries a night,
// about 15 a day, so a 6-digit PIN would take a lifetime; and staff who
// locked themselves out are let in again by the next morning.
const (
	MaxPINFailures = 5
	PINLockout     = 5 * time.Minute
	MaxPINLockout  = 8 * time.Hour

	settingPINState = "staff_pin_state" // "failures lockouts until-unix-seconds"
	// The keys of older versions, read when settingPINState is missing
	// so that a lock in force across an upgrade holds.
	settingPINFailures = "staff_pin_failures"
	settingPINLocked   = "staff_pin_locked_until" // unix seconds
)

// pinLock is the lockout's state.
type pinLock struct {
	failures int       // wrong PINs since the last lock or success
	lockouts int       // locks since the last success: the next is longer
	until    time.Time // the current lock's end; zero: none
}

// lockoutFor is how long the n-th lock in a row lasts (n >= 1).
func lockoutFor(n int) time.Duration {
	d := PINLockout
	for i := 1; i < n && d < MaxPINLockout; i++ {
		d *= 2
	}
	return min(d, MaxPINLockout)
}

// errPINState is CheckPIN's answer when the lockout cannot be read or saved.
func errPINState() error {
	return firmware.Errorf(firmware.EUNAVAILABLE, "kiosk: staff mode locked: the wrong-PIN count cannot be read or saved")
}

// CheckPIN returns nil when pin matches the staff PIN hash. A wrong PIN is
// EUNAUTHORIZED; while staff mode is locked every attempt, right or wrong,
// is ERATELIMITED. With no usable PIN hash configured every attempt is
// EINTERNAL: staff mode is not set up. When the lockout's state cannot be
// read or saved every attempt is EUNAVAILABLE, and the PIN is not compared.
func (s *Staff) CheckPIN(pin string) error {
	if s.cfg.PINHash == "" {
		return firmware.Errorf(firmware.EINTERNAL, "kiosk: no staff PIN configured")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.pinMu.Lock()
	defer s.pinMu.Unlock()

	now := s.cfg.Clock.Now()
	st, err := s.pinState(ctx)
	if err != nil {
		s.cfg.Log.Error("staff mode locked: the PIN lockout cannot be read", "err", err)
		return errPINState()
	}
	if !st.until.IsZero() && now.Before(st.until) {
		// A clock that jumped back (no battery clock, no NTP yet) must not
		// stretch the lock: never more than this lock's length from now.
		if longest := lockoutFor(st.lockouts); st.until.Sub(now) > longest {
			st.until = now.Add(longest)
			if err := s.savePINState(ctx, st); err != nil {
				s.cfg.Log.Error("staff mode locked: the PIN lockout cannot be saved", "err", err)
				return errPINState()
			}
		}
		return firmware.Errorf(firmware.ERATELIMITED, "kiosk: staff mode locked for %s", st.until.Sub(now).Round(time.Second))
	}

	// The attempt counts as wrong until the PIN is compared: a power cut
	// or a card that refuses the write cannot give a free guess.
	st.failures++
	st.until = time.Time{}
	locks := st.failures >= MaxPINFailures
	if locks {
		st.failures = 0
		st.lockouts++
		st.until = now.Add(lockoutFor(st.lockouts))
	}
	if err := s.savePINState(ctx, st); err != nil {
		s.cfg.Log.Error("staff mode locked: the PIN lockout cannot be saved", "err", err)
		return errPINState()
	}

	if pinMatches(s.cfg.PINHash, pin) {
		if err := s.savePINState(ctx, pinLock{}); err != nil {
			// The staff member knows the PIN; the count stays one higher.
			s.cfg.Log.Error("clearing the PIN lockout failed", "err", err)
		}
		s.cfg.Log.Info("staff signed in")
		return nil
	}
	if locks {
		s.cfg.Log.Warn("staff mode locked after wrong PINs", "lockouts", st.lockouts, "for", lockoutFor(st.lockouts))
		return firmware.Errorf(firmware.ERATELIMITED, "kiosk: staff mode locked for %s", lockoutFor(st.lockouts))
	}
	s.cfg.Log.Warn("wrong staff PIN", "failures", st.failures)
	return firmware.Errorf(firmware.EUNAUTHORIZED, "kiosk: wrong staff PIN")
}

// pinState reads the lockout state; without Settings it lives in memory.
// A value that cannot be read, or does not parse, is an error.
func (s *Staff) pinState(ctx context.Context) (pinLock, error) {
	if s.cfg.Settings == nil {
		return s.pinMem, nil
	}
	v, ok, err := s.cfg.Settings.Setting(ctx, settingPINState)
	if err != nil {
		return pinLock{}, err
	}
	if ok {
		var st pinLock
		var until int64
		if _, err := fmt.Sscanf(v, "%d %d %d", &st.failures, &st.lockouts, &until); err != nil ||
			st.failures < 0 || st.lockouts < 0 || until < 0 {
			return pinLock{}, fmt.Errorf("kiosk: %s does not parse", settingPINState)
		}
		if until > 0 {
			st.until = time.Unix(until, 0)
		}
		return st, nil
	}
	var st pinLock
	if v, ok, err := s.cfg.Settings.Setting(ctx, settingPINFailures); err != nil {
		return pinLock{}, err
	} else if ok {
		st.failures, _ = strconv.Atoi(strings.TrimSpace(v))
	}
	if v, ok, err := s.cfg.Settings.Setting(ctx, settingPINLocked); err != nil {
		return pinLock{}, err
	} else if ok {
		if secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && secs > 0 {
			st.until, st.lockouts = time.Unix(secs, 0), 1
		}
	}
	return st, nil
}

// savePINState keeps st, in one write so that it is whole or not at all.
func (s *Staff) savePINState(ctx context.Context, st pinLock) error {
	s.pinMem = st
	if s.cfg.Settings == nil {
		return nil
	}
	var u int64
	if !st.until.IsZero() {
		u = st.until.Unix()
	}
	return s.cfg.Settings.SetSetting(ctx, settingPINState, fmt.Sprintf("%d %d %d", st.failures, st.lockouts, u))
}

// HashPIN returns the bcrypt hash to store for a staff PIN.
func HashPIN(pin string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	return string(h), err
}
