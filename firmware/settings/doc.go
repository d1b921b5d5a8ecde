// Package settings is the kiosk's settings file, kiosk.toml, and the
// secrets file beside it, secrets.toml (DESIGN §9): their keys, defaults
// and rules, read by the kiosk (`kiosk run`, `kiosk config check`,
// `kiosk selftest`, `kiosk report`) and by `kioskctl provision`, which
// checks a device profile's [kiosk] and [secrets] tables by the same rules
// before it writes them onto a card. One schema, so a file provisioning
// accepts is one the kiosk starts with.
//
// Every key is optional in kiosk.toml; a key the kiosk does not know and a
// bad value are each named, all at once, so a typo never passes silently.
// The staff PIN's rules are firmware/kiosk's (CheckPINPolicy, CheckPINHash)
// and the portal URL's are firmware/portal's (CheckURL); this package names
// the key that breaks them.
//
// kioskctl links this package on a technician's laptop, so it holds no
// server, database or driver: it imports the application's policies and the
// TOML reader only (build/house checks it).
package settings
