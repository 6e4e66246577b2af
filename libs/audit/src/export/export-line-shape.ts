import type { EventMetadata } from '@accord/event-store';
import type { ExportEventLine } from './export-format';

/** A sha-256 in hex, as event and line hashes are written. */
export const HASH = /^[0-9a-f]{64}$/;

const ANSWER_TYPES = new Set(['AnswerSubmitted', 'AnswerRevised']);
const SEALED_KEYS = ['checkId', 'memberId', 'questionKey', 'sealed'];

/** What keeps an event line from being checked at all: a field missing or of the wrong type. */
export function eventShapeProblems(v: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, field: string, what: string) => {
    if (!ok) problems.push(`"${field}" ${field in v ? 'is not' : 'is missing, expected'} ${what}`);
  };
  need(Number.isSafeInteger(v.position) && (v.position as number) >= 1, 'position', 'a position (1 or more)');
  need(typeof v.stream === 'string' && v.stream.length > 0, 'stream', 'a stream name');
  need(Number.isSafeInteger(v.revision) && (v.revision as number) >= 0, 'revision', 'a revision (0 or more)');
  need(typeof v.id === 'string' && v.id.length > 0, 'id', 'an event id');
  need(typeof v.type === 'string' && v.type.length > 0, 'type', 'an event type');
  need('data' in v, 'data', 'the payload');
  need(isMetadata(v.metadata), 'metadata', 'metadata with actor, firmId and occurredAt');
  need(typeof v.firmId === 'string', 'firmId', 'a firm id');
  need(typeof v.actor === 'string', 'actor', 'an actor');
  need(typeof v.occurredAt === 'string', 'occurredAt', 'an instant');
  need(typeof v.hash === 'string' && HASH.test(v.hash), 'hash', 'a sha-256 hash');
  need(v.previousHash === null || (typeof v.previousHash === 'string' && HASH.test(v.previousHash)), 'previousHash', 'null or a sha-256 hash');
  if ('sealed' in v && v.sealed !== true) problems.push('"sealed" is present but not true');
  return problems;
}

/**
 * What is wrong with a line marked sealed: only answers are sealed, and their data is exactly what
 * `auditLog` shows of a sealed answer. Anything else marked sealed would escape content verification.
 */
export function sealedAnswerProblems(line: ExportEventLine): string[] {
  if (!ANSWER_TYPES.has(line.type)) return [`only answers are sealed, not ${line.type}`];
  const data = line.data;
  const keys = isObject(data) ? Object.keys(data).sort() : [];
  const shaped = isObject(data) && keys.join() === SEALED_KEYS.join() && data.sealed === true &&
    typeof data.checkId === 'string' && typeof data.memberId === 'string' && typeof data.questionKey === 'string';
  return shaped ? [] : ["a sealed answer's data must be exactly {checkId, questionKey, memberId, sealed: true}"];
}

function isMetadata(value: unknown): value is EventMetadata {
  return isObject(value) && typeof value.actor === 'string' && typeof value.firmId === 'string' && typeof value.occurredAt === 'string';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function short(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
