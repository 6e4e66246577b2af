import { createHash } from 'node:crypto';
import { canonicalJson } from '@accord/event-store';
import { badInput } from '@accord/domain';
import { bearerToken, hashToken } from '../auth/token';

/** The request header a client sends its key in (HTTP header names are case-insensitive). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Set to `true` on a response that is a stored one, replayed. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

const KEY_SHAPE = /^[\x20-\x7e]{1,255}$/;

/** The key as sent, when it is 1 to 255 printable ASCII characters; BAD_USER_INPUT otherwise. */
export function parseIdempotencyKey(value: string): string {
  if (KEY_SHAPE.test(value)) return value;
  const why = value.length === 0 ? 'it is empty' : value.length > 255 ? `it has ${value.length}` : 'it holds other characters';
  throw badInput(`the Idempotency-Key header must be 1 to 255 printable ASCII characters (${why}); a random UUID is a good key`);
}

/** Whose keys these are: one caller never meets another's key, or its stored response. */
export function callerScope(authorization: string | undefined): string {
  if (!authorization) return 'anonymous';
  return `token:${hashToken(bearerToken(authorization) ?? authorization.trim())}`;
}

/** The parts of a GraphQL request that make it the same request again. */
export interface RequestBody {
  query?: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** What the server keeps and derives for one key of one caller; the key itself is never stored. */
export interface KeyedRequest {
  /** sha-256 of the caller's scope and the key: the stored row's primary key. */
  keyHash: string;
  /** sha-256 of the canonical JSON of {query, operationName, variables}. */
  fingerprint: string;
  /** Where the ids the request mints are derived from (with {@link attemptSeed}): another caller, key or body gives others. */
  seed: string;
  /** The AES-256 key the stored response is sealed with: derived from the key, so the store alone cannot open it. */
  responseKey: Buffer;
}

export function keyedRequest(scope: string, key: string, body: RequestBody): KeyedRequest {
  const keyHash = sha256(`accord idempotency key\n${scope}\n${key}`).toString('hex');
  const fingerprint = requestFingerprint(body);
  return {
    keyHash,
    fingerprint,
    seed: `${keyHash}:${fingerprint}`,
    responseKey: sha256(`accord idempotency response\n${scope}\n${key}`),
  };
}

/**
 * The seed of an attempt's ids: the request's, and when its key was claimed. An attempt that takes over a
 * dead one's claim derives the same ids, so it recognises what that one recorded; the same request sent
 * again once its key expired and was claimed afresh derives new ones, and executes as new.
 */
export function attemptSeed(request: KeyedRequest, claimedAt: number): string {
  return `${request.seed}:${claimedAt}`;
}

/** Equal for the same query text, operation name and variables, whatever the order of the variables' keys. */
export function requestFingerprint({ query, operationName, variables }: RequestBody): string {
  return sha256(canonicalJson({ query: query ?? null, operationName: operationName ?? null, variables: variables ?? {} })).toString('hex');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
