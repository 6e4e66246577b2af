import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from '@accord/domain';
import { ProjectionLagError } from '@accord/projections';

/** Codes Apollo itself gives to malformed requests; passed through as they are. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND']);

export interface ErrorLogger {
  error(message: string): void;
}

/**
 * The one place errors become GraphQL errors: a DomainError keeps its code and message (and its
 * details, e.g. `vagueTerms`); anything unexpected is logged and answered as INTERNAL_SERVER_ERROR
 * without internals. Stack traces never leave the server.
 */
export function formatGraphqlError(logger: ErrorLogger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = originalError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { ...base, message: formatted.message, extensions: { code } };
    }
    if (original instanceof ProjectionLagError) {
      return { ...base, message: `the change is recorded, but read models are slow to show it (${original.message}); query again`, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    logger.error(`unexpected error at ${formatted.path?.join('.') ?? '(no path)'}: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
    return { ...base, message: production ? 'internal error' : formatted.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

function originalError(error: unknown): unknown {
  let current = error;
  while (current && typeof current === 'object' && 'originalError' in current && (current as { originalError?: unknown }).originalError) {
    current = (current as { originalError: unknown }).originalError;
  }
  return current;
}
