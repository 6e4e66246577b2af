import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';

type PromiseOrValue<T> = T | Promise<T>;

/**
 * graphql-js's `subscribe`, except that subscriptions sharing an event also share its execution.
 * graphql-js executes the selection set once per subscription per event: a drift sent to 1,000
 * dashboards is executed 1,000 times. Here the result is kept per source payload (by identity, so a
 * resolver that hands every subscriber the same payload object for the same event gets the sharing)
 * and per `sameAs` key (the document, operation, variables and whatever the context contributes), and
 * every subscription with the same key is sent the one result. Results are not mutated downstream.
 *
 * `viewerKey` says which part of the context can change a result (e.g. the member: one member's
 * redactions differ from another's); undefined means "do not share for this context".
 */
export function sharedSubscriptionExecution(viewerKey: (contextValue: unknown) => string | undefined) {
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;
  const results = new WeakMap<object, Map<string, PromiseOrValue<ExecutionResult>>>();

  const keyOf = (args: ExecutionArgs): string | undefined => {
    const viewer = viewerKey(args.contextValue);
    if (viewer === undefined) return undefined;
    let documentId = documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = nextDocumentId++;
      documentIds.set(args.document, documentId);
    }
    return JSON.stringify([documentId, args.operationName ?? null, args.variableValues ?? null, viewer]);
  };

  return async function subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const key = keyOf(args);
    return mapAsyncIterator(stream, (payload) => {
      if (key === undefined || typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
      let byKey = results.get(payload);
      if (!byKey) {
        byKey = new Map();
        results.set(payload, byKey);
      }
      let result = byKey.get(key);
      if (!result) {
        result = execute({ ...args, rootValue: payload });
        byKey.set(key, result);
      }
      return result;
    });
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** graphql-js's own mapAsyncIterator (not exported by the package): maps each value, forwards return/throw. */
function mapAsyncIterator<T, U>(iterable: AsyncIterable<T>, map: (value: T) => PromiseOrValue<U>): AsyncGenerator<U, void, void> {
  const iterator = iterable[Symbol.asyncIterator]();
  async function mapResult(result: IteratorResult<T>): Promise<IteratorResult<U, void>> {
    if (result.done) return { done: true, value: undefined };
    try {
      return { done: false, value: await map(result.value) };
    } catch (error) {
      await iterator.return?.()?.catch(() => undefined);
      throw error;
    }
  }
  return {
    next: async () => mapResult(await iterator.next()),
    return: async () => (iterator.return ? mapResult(await iterator.return()) : { done: true, value: undefined }),
    throw: async (error: unknown) => {
      if (iterator.throw) return mapResult(await iterator.throw(error));
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  } as AsyncGenerator<U, void, void>;
}
