/** The events table. Positions come from the rowid inside `BEGIN IMMEDIATE`, so they follow commit order. */
export const EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position      INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE,
  stream        TEXT    NOT NULL,
  revision      INTEGER NOT NULL,
  type          TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  metadata      TEXT    NOT NULL,
  hash          TEXT    NOT NULL,
  previous_hash TEXT,
  UNIQUE (stream, revision)
);
CREATE TRIGGER IF NOT EXISTS events_refuse_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS events_refuse_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable: DELETE refused'); END;
`;
