import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { documentLimitErrors, unresolvedOperationError, type DocumentLimits } from './document-limits';

/**
 * Over HTTP, refuses an operation beyond the document limits once Apollo has parsed (with
 * `maxTokens`), validated and resolved it, before anything executes. Listed before the other
 * plugins: its hook throws synchronously, so Apollo stops calling the rest (the idempotency plugin
 * never claims a key for a refused mutation).
 */
export function documentLimitsPlugin(limits: DocumentLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        didResolveOperation({ schema, document, operation, request }) {
          // graphql-js would refuse it at execution, without a code.
          if (!operation) throw unresolvedOperationError(request.operationName);
          const [first] = documentLimitErrors(schema, document, operation, request.variables, limits);
          if (first) throw first;
          return Promise.resolve();
        },
      };
    },
  };
}
