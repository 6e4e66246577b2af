import type { CombinedError } from '@urql/core';
import { apiError } from '../graphql/errors';

/** A failed query or mutation, with its code so a partner can quote it to whoever runs the server. */
export function ErrorNotice({ error, what }: { error: CombinedError | undefined; what?: string }) {
  const problem = apiError(error);
  if (!problem) return null;
  return (
    <p className="error" role="alert">
      {what ? `${what}: ` : ''}
      {problem.message} <span className="code">({problem.code})</span>
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
