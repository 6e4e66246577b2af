import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { idArgumentErrors } from './id-arguments';

/**
 * Over HTTP, refuses an operation with an id that is not printable text of a sane length (see
 * id-arguments.ts). Its hook throws synchronously, like the document limits' before it, so the
 * idempotency plugin after it never claims a key for a refused mutation.
 */
export function idArgumentsPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return Promise.resolve(); // the document limits refuse it
          const [first] = idArgumentErrors(schema, document, operation, request.variables);
          if (first) throw first;
          return Promise.resolve();
        },
      };
    },
  };
}
