import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { DomainError } from '@accord/domain';
import { callerScope, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, keyedRequest, parseIdempotencyKey } from './idempotency-key';
import type { Claim, IdempotencyService } from './idempotency.service';
import { isFinalOutcome } from './response-outcome';
import type { StoredResponse } from './sealed-response';

/**
 * Idempotent mutations over HTTP: a mutation sent with an `Idempotency-Key` header is executed once per
 * caller and key; a retry gets the stored response, byte for byte, with `Idempotent-Replayed: true`.
 * Queries ignore the header. Refusals of the key itself answer before anything executes: 400 for a
 * malformed key, 422 for a key reused with another request, 409 while the first attempt still runs.
 */
export function idempotencyPlugin(service: IdempotencyService): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      const header = request.http?.headers.get(IDEMPOTENCY_KEY_HEADER);
      if (header === undefined) return;
      let claim: Claim | undefined;
      let replay: StoredResponse | undefined;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const key = refusingWith(400, () => parseIdempotencyKey(header));
          const keyed = keyedRequest(callerScope(request.http?.headers.get('authorization')), key, request);
          const begun = await service.begin(keyed).catch((error: unknown) => {
            throw error instanceof DomainError ? requestError(error, error.code === 'CONFLICT' ? 409 : 422) : error;
          });
          if (begun.kind === 'replay') {
            replay = begun.response;
          } else {
            claim = begun.claim;
            service.attach(contextValue, claim.scope);
          }
        },

        async responseForOperation() {
          if (!replay) return null;
          return {
            body: { kind: 'single', singleResult: JSON.parse(replay.body) },
            http: { status: replay.status, headers: new HeaderMap([[IDEMPOTENT_REPLAYED_HEADER, 'true']]) },
          };
        },

        // Runs before the response is written: once a client has the response, a retry finds it stored.
        async willSendResponse({ response }) {
          if (!claim) return;
          const finishing = claim;
          claim = undefined;
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const stored = result && { status: response.http.status ?? 200, body: JSON.stringify(result) };
          await service.finish(finishing, stored, result !== undefined && isFinalOutcome(result));
        },
      };
    },
  };
}

function refusingWith<T>(status: number, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof DomainError ? requestError(error, status) : error;
  }
}

/** A refusal before execution, with its HTTP status; formatGraphqlError gives it the DomainError's code and message. */
function requestError(error: DomainError, status: number): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status } } });
}
