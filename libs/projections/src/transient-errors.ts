import { StoreBusyError } from '@accord/event-store';

/** SQLSTATE classes of PostgreSQL errors that say nothing about the statement: the connection, the server, resources. */
const PG_TRANSIENT_CLASSES = ['08', '53', '57', '58'];
/** Serialization failure, deadlock, lock timeout: the same statement may well succeed when tried again. */
const PG_TRANSIENT_CODES = new Set(['40001', '40P01', '55P03']);
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|CANTOPEN|PROTOCOL)/;
const NODE_TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a handler's error came from the read store being unavailable or busy rather than from the
 * event. Such failures are retried without counting towards the event's poison attempts: an outage
 * must never turn good events into poison.
 */
export function isTransientStoreError(error: unknown): boolean {
  if (error instanceof StoreBusyError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code) && (PG_TRANSIENT_CLASSES.includes(code.slice(0, 2)) || PG_TRANSIENT_CODES.has(code))) return true;
    if (SQLITE_TRANSIENT.test(code) || NODE_TRANSIENT.has(code)) return true;
  }
  // node-postgres reports a dropped connection with a plain Error.
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /^Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/.test(message);
}
