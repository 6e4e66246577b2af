import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from '@accord/domain';
import { ProjectionLagError } from '@accord/projections';

/** Codes Apollo itself gives to malformed requests; passed through (an unknown operationName's as BAD_REQUEST). */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);
/** Apollo's codes outside the API's list, and the listed code each is answered with. */
const AS_BAD_REQUEST = new Set(['OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);
/** graphql-js ends a list of 50 variable errors with this one, which has no variable node, so Apollo gives it no code. */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';
/** The suggestion graphql-js appends to messages about unknown fields, arguments, types and enum values. */
const DID_YOU_MEAN = /\s*Did you mean [\s\S]*\?$/;

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
    const code = formatted.message === TOO_MANY_VARIABLE_ERRORS ? 'BAD_USER_INPUT' : formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      // graphql-js suggests names it knows ("Did you mean \"name\"?"): in production that maps the schema for a prober.
      const message = production ? formatted.message.replace(DID_YOU_MEAN, '') : formatted.message;
      return { ...base, message, extensions: { code: AS_BAD_REQUEST.has(code) ? 'BAD_REQUEST' : code } };
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
