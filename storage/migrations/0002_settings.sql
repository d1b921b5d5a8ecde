-- Small state that must survive a reboot, such as the staff PIN lockout
-- (DESIGN §4: a reboot does not clear it). Secrets live in the 0600 secrets
-- file beside the config (DESIGN §9), never here.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
