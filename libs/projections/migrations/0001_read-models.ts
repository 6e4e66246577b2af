import type { MigrationBuilder } from 'node-pg-migrate';

/**
 * The read models of every projection and the checkpoints beside them (projection checkpoints and
 * `reaction:<name>` ones), as each projection's `schema` declares them for SQLite, in PostgreSQL types:
 * BIGINT for positions, revisions and sequence numbers, DOUBLE PRECISION for SQLite's REAL. JSON and
 * timestamps stay TEXT because the projection code, shared by both stores, writes and parses them as text.
 * read-store-schema.spec.ts fails when a projection's tables and these drift apart.
 */
export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL);

CREATE TABLE firms (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, founded_at TEXT NOT NULL,
  cadence_days INTEGER NOT NULL, questions TEXT NOT NULL, vague_words TEXT NOT NULL DEFAULT '[]',
  last_check_closed_at TEXT);
CREATE TABLE members (
  id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
  active INTEGER NOT NULL, token_hash TEXT NOT NULL, joined_at TEXT NOT NULL, seq BIGINT NOT NULL);
CREATE UNIQUE INDEX members_token ON members (token_hash);
CREATE INDEX members_firm ON members (firm_id, seq);

CREATE TABLE checks (
  id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, status TEXT NOT NULL, opened_at TEXT NOT NULL, opened_by TEXT NOT NULL,
  participants TEXT NOT NULL, revealed_at TEXT, closed_at TEXT, score INTEGER, out_of INTEGER, verdict TEXT,
  mismatched TEXT NOT NULL DEFAULT '[]', position BIGINT NOT NULL);
CREATE INDEX checks_firm ON checks (firm_id, position);
CREATE INDEX checks_firm_closed ON checks (firm_id, closed_at);
CREATE TABLE check_questions (
  check_id TEXT NOT NULL, ord INTEGER NOT NULL, key TEXT NOT NULL, prompt TEXT NOT NULL,
  suggested_judgement TEXT, similarity DOUBLE PRECISION, judgement TEXT, PRIMARY KEY (check_id, key));
CREATE TABLE check_answers (
  check_id TEXT NOT NULL, question_key TEXT NOT NULL, member_id TEXT NOT NULL, text TEXT NOT NULL,
  vague_terms TEXT NOT NULL, answered_at TEXT NOT NULL, revised_at TEXT,
  PRIMARY KEY (check_id, question_key, member_id));

CREATE TABLE drift_events (
  id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, kind TEXT NOT NULL, detected_at TEXT NOT NULL,
  check_id TEXT, question_key TEXT, decision_id TEXT, previous_score INTEGER, score INTEGER,
  due_at TEXT, position BIGINT NOT NULL);
CREATE INDEX drift_events_firm ON drift_events (firm_id, position);

CREATE TABLE audit_events (
  position BIGINT PRIMARY KEY, firm_id TEXT NOT NULL, stream TEXT NOT NULL, revision BIGINT NOT NULL,
  type TEXT NOT NULL, occurred_at TEXT NOT NULL, actor TEXT NOT NULL, data TEXT NOT NULL,
  hash TEXT NOT NULL, previous_hash TEXT, check_id TEXT);
CREATE INDEX audit_events_firm ON audit_events (firm_id, position);
CREATE INDEX audit_events_stream ON audit_events (stream, revision);
CREATE TABLE audit_revealed_checks (check_id TEXT PRIMARY KEY);

CREATE TABLE disagreements (
  id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, topic TEXT NOT NULL, layer TEXT NOT NULL, status TEXT NOT NULL,
  positions TEXT NOT NULL, raised_at TEXT NOT NULL, raised_by TEXT NOT NULL, resolved_at TEXT,
  resolved_by_decision TEXT, check_id TEXT, question_key TEXT, deferrals TEXT NOT NULL DEFAULT '[]',
  position BIGINT NOT NULL);
CREATE INDEX disagreements_firm ON disagreements (firm_id, position);

CREATE TABLE decisions (
  id TEXT PRIMARY KEY, firm_id TEXT NOT NULL, title TEXT NOT NULL, outcome TEXT NOT NULL, chosen_answer TEXT NOT NULL,
  alternatives TEXT NOT NULL, rationale TEXT NOT NULL, layer TEXT NOT NULL, question_key TEXT, status TEXT NOT NULL,
  proposed_by TEXT NOT NULL, proposed_at TEXT NOT NULL, locked_at TEXT, supersedes TEXT, superseded_by TEXT,
  superseded_at TEXT, resolves TEXT NOT NULL, position BIGINT NOT NULL);
CREATE INDEX decisions_firm ON decisions (firm_id, position);
CREATE TABLE decision_endorsements (
  decision_id TEXT NOT NULL, member_id TEXT NOT NULL, at TEXT NOT NULL, seq BIGINT NOT NULL,
  PRIMARY KEY (decision_id, member_id));
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`DROP TABLE decision_endorsements, decisions, disagreements, audit_revealed_checks, audit_events,
    drift_events, check_answers, check_questions, checks, members, firms, projection_checkpoints`);
}
