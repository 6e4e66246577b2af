/**
 * The PostgreSQL events table and its one-row head counter. Created idempotently at open, under a
 * transaction-scoped advisory lock so that several processes starting at once do not race on the DDL.
 *
 * Positions are not drawn from a sequence. A sequence value is taken at INSERT but becomes visible
 * at COMMIT, so a reader that moves its checkpoint to the highest position it can see would skip a
 * slower transaction committing a lower position afterwards. Instead every append takes the row lock
 * on `event_log_head` first and keeps it to COMMIT: appends assign positions and commit one after
 * another, so any snapshot sees a gapless prefix of the log (position p+1 visible implies p visible),
 * and `position > checkpoint` never passes over an event. A rolled-back append rolls the counter back
 * with it, so positions stay gapless, and a deleted event shows as a hole. The price is that appends
 * commit in series: concurrent writers cannot share one commit's fsync.
 */
export const POSTGRES_EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position      BIGINT PRIMARY KEY,
  id            TEXT   NOT NULL UNIQUE,
  stream        TEXT   NOT NULL,
  revision      BIGINT NOT NULL,
  type          TEXT   NOT NULL,
  data          TEXT   NOT NULL,
  metadata      TEXT   NOT NULL,
  hash          TEXT   NOT NULL,
  previous_hash TEXT,
  UNIQUE (stream, revision)
);
CREATE TABLE IF NOT EXISTS event_log_head (
  singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  position  BIGINT  NOT NULL
);
INSERT INTO event_log_head (singleton, position) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE OR REPLACE FUNCTION accord_events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE OR REPLACE TRIGGER events_refuse_change BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION accord_events_are_immutable();
CREATE OR REPLACE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION accord_events_are_immutable();
`;

/** Key of the advisory lock that serialises the DDL above between processes. */
export const SCHEMA_LOCK_KEY = 0x4acc0d;
