-- Ratings waiting for the portal (DESIGN §4, §5 POST /v1/ratings). A rating
-- is written here before the citizen sees "thank you" and stays until the
-- portal accepted it, so none is lost to a restart or an outage. Sent rows
-- are kept (sent_unix_ms set) for a while as a record of what went out.
CREATE TABLE rating_queue (
	id           INTEGER PRIMARY KEY,
	at_unix_ms   INTEGER NOT NULL,
	score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 3),
	reasons      TEXT    NOT NULL DEFAULT '[]', -- JSON list of reason identifiers
	dossier_ref  TEXT    NOT NULL DEFAULT ''
		CHECK (dossier_ref = '' OR (length(dossier_ref) = 64 AND dossier_ref NOT GLOB '*[^0-9a-f]*')),
	lang         TEXT    NOT NULL DEFAULT '',
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT    NOT NULL DEFAULT '',
	sent_unix_ms INTEGER
);
CREATE INDEX rating_queue_pending ON rating_queue (id) WHERE sent_unix_ms IS NULL;
