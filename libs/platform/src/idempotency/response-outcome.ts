/**
 * Refusals the same request would meet again: a response carrying only these (or no error) is final,
 * stored and replayed. Anything else (CONFLICT, INTERNAL_SERVER_ERROR, a read model too slow to show the
 * change) may go another way next time, so the key is released and a retry executes again.
 */
export const FINAL_ERROR_CODES: ReadonlySet<string> = new Set(['BAD_USER_INPUT', 'VAGUE_ANSWER', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'UNAUTHENTICATED']);

interface FormattedResult {
  errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }>;
}

/** Whether a formatted GraphQL result is a final outcome, to be stored and replayed. */
export function isFinalOutcome(result: FormattedResult): boolean {
  return (result.errors ?? []).every((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' && FINAL_ERROR_CODES.has(code);
  });
}
