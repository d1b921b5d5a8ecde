-- The procedure catalog as last synced from GET /v1/procedures, so it can be
-- browsed with the portal down and after a restart. Each procedure is kept
-- whole as the contract's JSON; the columns beside it are for ordering.
CREATE TABLE catalog_procedures (
	position INTEGER PRIMARY KEY, -- the portal's order
	code     TEXT    NOT NULL UNIQUE,
	body     TEXT    NOT NULL     -- firmware.Procedure as JSON
);

-- One row: the catalog's date, ETag and last sync.
CREATE TABLE catalog_meta (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	as_of_unix_ms    INTEGER NOT NULL,
	etag             TEXT    NOT NULL DEFAULT '',
	synced_unix_ms   INTEGER NOT NULL
);
