import type { PoolClient } from 'pg';
import { DeferredWriteError } from '../projection-errors';
import type { ReadTx } from '../types';
import { placeholderSegments } from './pg-placeholders';

/** Statements, and characters of SQL, sent in one round trip at most. */
const MAX_STATEMENTS = 500;
const MAX_CHARS = 1 << 20;

/**
 * A read-model transaction whose writes travel to PostgreSQL many at a time: `run` formats the
 * statement with its values as literals and queues it; the queue goes as one multi-statement query
 * when it is full, before any `get`/`all` (which see every earlier write), and at {@link flush}, which
 * the transaction calls before COMMIT. One round trip per statement is what bounds a projection batch
 * on PostgreSQL (most statements take far less than the trip); this makes it one per few hundred.
 *
 * Values become literals exactly as node-postgres sends parameters: as text of unknown type (strings
 * quoted with `escapeLiteral`, numbers as their text, objects as JSON), so PostgreSQL infers each type
 * from the statement as it does for `$n`. A value of another kind (a Buffer, a Date) is sent the usual
 * way, after the queue. A failing statement fails the whole query, and with it the transaction, without
 * saying which event's statement it was ({@link DeferredWriteError}): callers that need to know rerun the
 * work with plain statements.
 * `run` resolves before the statement runs, so its `changes` is unknown (NaN).
 */
export class DeferredPgTx implements ReadTx {
  private queue: Queued[] = [];
  private statements = 0;
  private chars = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly plain: ReadTx,
  ) {}

  async run(sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> {
    const statement = parsed(sql, params.length);
    const values = inline(statement.insert?.values ?? statement.segments, params);
    if (values === undefined) {
      await this.flush();
      return this.plain.run(sql, params);
    }
    const last = this.queue[this.queue.length - 1];
    if (statement.insert && last?.sql === sql) last.rows.push(values);
    else this.queue.push({ sql, rows: [values] });
    this.statements++;
    this.chars += values.length;
    if (this.statements >= MAX_STATEMENTS || this.chars >= MAX_CHARS) await this.flush();
    return { changes: Number.NaN };
  }

  async get<Row>(sql: string, params?: readonly unknown[]): Promise<Row | undefined> {
    await this.flush();
    return this.plain.get<Row>(sql, params);
  }

  async all<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    await this.flush();
    return this.plain.all<Row>(sql, params);
  }

  /** Sends what is queued. */
  async flush(): Promise<void> {
    if (this.queue.length === 0) return;
    const text = this.queue.map(({ sql, rows }) => {
      const { insert } = parsed(sql, -1);
      return insert ? insert.head + rows.join(', ') + insert.tail : rows[0];
    }).join(';\n');
    this.queue = [];
    this.statements = 0;
    this.chars = 0;
    try {
      await this.client.query(text);
    } catch (error) {
      throw new DeferredWriteError(error);
    }
  }
}

/**
 * Queued statements. Consecutive runs of one plain `INSERT … VALUES (…)` (without ON CONFLICT, or
 * with DO NOTHING) become one multi-row INSERT, which does what the single ones would have done one
 * after another, duplicates included, and costs PostgreSQL one parse instead of hundreds.
 */
interface Queued {
  sql: string;
  /** Each run's statement, or for a mergeable INSERT each run's row of values. */
  rows: string[];
}

interface Parsed {
  segments: string[];
  insert?: { head: string; values: string[]; tail: string };
}

const MERGEABLE_INSERT = /^(\s*INSERT\s+INTO\s+[\w."]+\s*\([^()]*\)\s*VALUES\s*)(\([^()]*\))(\s*(?:ON\s+CONFLICT\s*(?:\([^()]*\))?\s*DO\s+NOTHING)?\s*)$/i;

/** Projections reuse a few hundred distinct statements at most; the cap only guards against a leak. */
const parsedStatements = new Map<string, Parsed>();

function parsed(sql: string, params: number): Parsed {
  let statement = parsedStatements.get(sql);
  if (statement === undefined) {
    if (parsedStatements.size >= 1000) parsedStatements.clear();
    statement = { segments: placeholderSegments(sql) };
    const insert = MERGEABLE_INSERT.exec(sql);
    if (insert && !insert[1].includes('?') && !insert[3].includes('?')) statement.insert = { head: insert[1], values: placeholderSegments(insert[2]), tail: insert[3] };
    parsedStatements.set(sql, statement);
  }
  if (params >= 0 && statement.segments.length - 1 !== params) throw new RangeError(`${statement.segments.length - 1} placeholders but ${params} parameters in: ${sql}`);
  return statement;
}

/** The SQL text around the placeholders with the values as literals; undefined when a value has no literal form here. */
function inline(segments: readonly string[], params: readonly unknown[]): string | undefined {
  let text = segments[0];
  for (let i = 0; i < params.length; i++) {
    const literal = literalOf(params[i]);
    if (literal === undefined) return undefined;
    text += literal + segments[i + 1];
  }
  return text;
}

/** As the read store binds it (booleans 1/0, undefined NULL) and node-postgres sends it (text, objects as JSON). */
function literalOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'bigint':
      return `'${String(value)}'`;
    case 'boolean':
      return value ? "'1'" : "'0'";
    case 'undefined':
      return 'NULL';
    case 'object':
      if (value === null) return 'NULL';
      if (Array.isArray(value) || value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return undefined;
      return quote(JSON.stringify(value));
    default:
      return undefined;
  }
}

/** node-postgres's `escapeLiteral`, with a regular expression instead of a loop over every character. */
function quote(text: string): string {
  if (!/['\\]/.test(text)) return `'${text}'`;
  const quoted = `'${text.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
  return text.includes('\\') ? ` E${quoted}` : quoted;
}
