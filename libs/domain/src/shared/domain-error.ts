/** The error codes of DESIGN.md's GraphQL contract; the API maps them to `extensions.code` in one place. */
export type DomainErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'VAGUE_ANSWER'
  | 'CONFLICT'
  | 'INVALID_STATE'
  /** Refused by a rate limit before anything ran; `details.retryAfterSeconds` says when to try again. */
  | 'TOO_MANY_REQUESTS';

/** A refused command or query: a stable code, a message a person understands, and optional details. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} does not exist`, { id });
export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('BAD_USER_INPUT', message, details);
export const invalidState = (message: string) => new DomainError('INVALID_STATE', message);
