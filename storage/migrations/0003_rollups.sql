-- Retention, roll-ups, clock correction and portal uptime (DESIGN §8): raw
-- events are kept for a configurable time (180 days by default) and then
-- folded into daily roll-ups that are kept for ever. Days are local dates in
-- Asia/Ho_Chi_Minh (UTC+7, no daylight saving), written YYYY-MM-DD.

-- Whether a found dossier was past its promised date when it was looked up:
-- 1 or 0, NULL when the event did not say. Every found lookup says
-- (firmware.UsageEvent.Overdue); rows written before this column hold NULL.
ALTER TABLE usage_events ADD COLUMN overdue INTEGER CHECK (overdue IS NULL OR overdue IN (0, 1));

-- Events whose wall time was taken before the clock synced, found by boot
-- without a scan; small, because correction empties it.
CREATE INDEX usage_events_unsynced ON usage_events (boot_id) WHERE clock_synced = 0;

-- Each boot's wall time minus its monotonic time, learned from its first
-- event or check taken with a synced clock (or from CorrectClock). An event
-- of the same boot taken before the sync then gets at = offset + mono.
CREATE TABLE boot_clocks (
	boot_id           TEXT PRIMARY KEY,
	wall_minus_mono_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Every event ever recorded, by kind and outcome, kept as events are
-- appended: Prometheus's counters, which must never go down, read it
-- without a scan, and compaction does not touch it.
CREATE TABLE usage_totals (
	kind    TEXT    NOT NULL,
	outcome TEXT    NOT NULL,
	events  INTEGER NOT NULL,
	PRIMARY KEY (kind, outcome)
) WITHOUT ROWID;
INSERT INTO usage_totals (kind, outcome, events)
	SELECT kind, outcome, COUNT(*) FROM usage_events GROUP BY kind, outcome;

-- Events per day and kind, outcome, status and channel: what counts by
-- feature and outcome need, for ever.
CREATE TABLE usage_daily (
	day        TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	outcome    TEXT    NOT NULL,
	status     INTEGER NOT NULL,
	channel    TEXT    NOT NULL,
	events     INTEGER NOT NULL,
	unsynced   INTEGER NOT NULL, -- of events, those whose time was never corrected
	latency_ms INTEGER NOT NULL, -- sum over events
	PRIMARY KEY (day, kind, outcome, status, channel)
) WITHOUT ROWID;

-- Citizens' events (every kind but staff) per day and local hour: busy hours.
CREATE TABLE usage_daily_hours (
	day    TEXT    NOT NULL,
	hour   INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
	events INTEGER NOT NULL,
	PRIMARY KEY (day, hour)
) WITHOUT ROWID;

-- One row for each compacted day that had events: the distinct dossiers of
-- that day, which cannot be recounted once the code references are gone.
CREATE TABLE usage_daily_totals (
	day              TEXT PRIMARY KEY,
	events           INTEGER NOT NULL,
	dossiers_unique  INTEGER NOT NULL,
	dossiers_found   INTEGER NOT NULL,
	dossiers_online  INTEGER NOT NULL,
	dossiers_overdue INTEGER NOT NULL,
	overdue_known    INTEGER NOT NULL
) WITHOUT ROWID;

-- The portal's health checks, for uptime, kept as runs: consecutive checks
-- of one boot and day with the same answer, each within PortalCheckHold of
-- the one before, make one row. A kiosk that checks every minute writes a
-- few rows a day instead of 1,440. A run's answer stands from its first
-- check until the next run begins, for at most the hold after its last
-- check, and never past the end of its day. Raw runs follow the events'
-- retention; portal_daily keeps what uptime needs for ever.
CREATE TABLE portal_runs (
	id           INTEGER PRIMARY KEY,
	at_unix_ms   INTEGER NOT NULL,           -- the first check
	last_unix_ms INTEGER NOT NULL,           -- the last check
	mono_ms      INTEGER NOT NULL DEFAULT 0, -- of the first check
	last_mono_ms INTEGER NOT NULL DEFAULT 0, -- of the last check
	boot_id      TEXT    NOT NULL DEFAULT '',
	clock_synced INTEGER NOT NULL DEFAULT 1,
	up           INTEGER NOT NULL CHECK (up IN (0, 1)),
	checks       INTEGER NOT NULL,
	latency_ms   INTEGER NOT NULL DEFAULT 0 -- sum over checks
);
CREATE INDEX portal_runs_at ON portal_runs (at_unix_ms);
CREATE INDEX portal_runs_unsynced ON portal_runs (boot_id) WHERE clock_synced = 0;

CREATE TABLE portal_daily (
	day         TEXT PRIMARY KEY,
	checks      INTEGER NOT NULL,
	observed_ms INTEGER NOT NULL,
	up_ms       INTEGER NOT NULL
) WITHOUT ROWID;
