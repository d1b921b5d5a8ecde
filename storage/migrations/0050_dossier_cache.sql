-- The offline cache (DESIGN §4, §8): the last good answer for each dossier
-- looked up, shown with its "as of" time when the portal cannot be reached.
-- Rows hold neither codes nor names: ref is the kiosk's keyed hash of the
-- code, and sealed is the dossier encrypted (AES-GCM) under a key derived
-- from the device's key and the code itself.
CREATE TABLE dossier_cache (
	ref            TEXT    PRIMARY KEY
		CHECK (length(ref) = 64 AND ref NOT GLOB '*[^0-9a-f]*'),
	sealed         BLOB    NOT NULL,
	needs_secret   INTEGER NOT NULL CHECK (needs_secret IN (0, 1)),
	stored_unix_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX dossier_cache_stored ON dossier_cache (stored_unix_ms);
