-- The usage ledger (DESIGN §8): what happened at the kiosk, never who.
-- Times are integer milliseconds so that range queries compare numbers, not
-- text in whatever layout a driver chose to write.
CREATE TABLE usage_events (
	id           INTEGER PRIMARY KEY,
	kind         TEXT    NOT NULL,
	outcome      TEXT    NOT NULL,
	status       INTEGER NOT NULL DEFAULT 0,
	procedure    TEXT    NOT NULL DEFAULT '',
	channel      TEXT    NOT NULL DEFAULT '',
	lang         TEXT    NOT NULL DEFAULT '',
	-- A keyed hash of the dossier code, never the code. The domain refuses
	-- anything else (UsageEvent.Validate); the CHECK refuses it again here so
	-- that no future writer that forgets Validate can put a plain code on disk.
	code_ref     TEXT    NOT NULL DEFAULT ''
		CHECK (code_ref = '' OR (length(code_ref) = 64 AND code_ref NOT GLOB '*[^0-9a-f]*')),
	latency_ms   INTEGER NOT NULL DEFAULT 0,
	at_unix_ms   INTEGER NOT NULL,
	mono_ms      INTEGER NOT NULL DEFAULT 0,
	boot_id      TEXT    NOT NULL DEFAULT '',
	clock_synced INTEGER NOT NULL DEFAULT 1
);

-- Every report asks for a period; staff mode also asks per kind (lookups by
-- outcome, unique dossiers), which the second index answers without a scan.
CREATE INDEX usage_events_at ON usage_events (at_unix_ms);
CREATE INDEX usage_events_kind_at ON usage_events (kind, at_unix_ms);
