import type { CombinedError } from '@urql/core';

/** The codes of DESIGN.md and the README, as the server sends them in `extensions.code`. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'VAGUE_ANSWER'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'TOO_MANY_REQUESTS'
  | 'NETWORK';

export interface ApiError {
  code: ErrorCode | string;
  message: string;
  extensions: Record<string, unknown>;
}

/** The first error of a failed operation, with its code; a network failure is `NETWORK`. */
export function apiError(error: CombinedError | undefined): ApiError | undefined {
  if (!error) return undefined;
  const first = error.graphQLErrors[0];
  if (first) return { code: String(first.extensions?.code ?? 'INTERNAL'), message: first.message, extensions: first.extensions ?? {} };
  return { code: 'NETWORK', message: 'The server cannot be reached. What you see may be out of date.', extensions: {} };
}
