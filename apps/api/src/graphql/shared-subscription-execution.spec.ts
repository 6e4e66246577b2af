import { buildSchema, parse, type ExecutionResult, type GraphQLFieldResolver } from 'graphql';
import { sharedSubscriptionExecution } from './shared-subscription-execution';

interface Viewer {
  member: string | null;
}

/** A subscription fed by hand: `emit` sends the same payload object to every open feed. */
function harness() {
  const feeds = new Set<{ push(payload: object): void; end(): void }>();
  let executions = 0;
  const schema = buildSchema('type Query { a: Int } type Tick { n: Int, seenBy: String } type Subscription { tick(label: String): Tick }');
  const subscribeTick: GraphQLFieldResolver<unknown, Viewer> = () => {
    const queue: object[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    const feed = {
      push: (payload: object) => {
        queue.push(payload);
        wake?.();
      },
      end: () => {
        ended = true;
        wake?.();
      },
    };
    feeds.add(feed);
    const iterator: AsyncIterableIterator<object> = {
      async next() {
        while (queue.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
        const value = queue.shift();
        return value ? { done: false, value } : { done: true, value: undefined };
      },
      async return() {
        feeds.delete(feed);
        ended = true;
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  };
  const fields = schema.getSubscriptionType()!.getFields();
  fields.tick.subscribe = subscribeTick;
  fields.tick.resolve = (payload: { tick: object }) => {
    executions++;
    return payload.tick;
  };
  const tickFields = (schema.getType('Tick') as import('graphql').GraphQLObjectType).getFields();
  tickFields.seenBy.resolve = (_tick: unknown, _args: unknown, viewer: Viewer) => viewer.member;
  const subscribe = sharedSubscriptionExecution((context) => (context as Viewer).member ?? undefined);
  const document = parse('subscription ($label: String) { tick(label: $label) { n seenBy } }');
  return {
    executions: () => executions,
    emit: (payload: object) => feeds.forEach((feed) => feed.push(payload)),
    endAll: () => feeds.forEach((feed) => feed.end()),
    open: async (member: string | null, label = 'x') => {
      const result = await subscribe({ schema, document, contextValue: { member }, variableValues: { label } });
      if (!(Symbol.asyncIterator in result)) throw new Error(JSON.stringify(result));
      return (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
    },
  };
}

describe('sharedSubscriptionExecution', () => {
  it('executes an event once for every subscription of the same member, operation and variables', async () => {
    const h = harness();
    const feeds = await Promise.all([h.open('ann'), h.open('ann'), h.open('ann')]);
    const nexts = feeds.map((feed) => feed.next());
    h.emit({ tick: { n: 1 } });
    const results = await Promise.all(nexts);
    expect(results.map((r) => r.value)).toEqual(Array(3).fill({ data: { tick: { n: 1, seenBy: 'ann' } } }));
    expect(h.executions()).toBe(1);
  });

  it('executes apart for another member, other variables, another payload, or a context it cannot key', async () => {
    const h = harness();
    const feeds = await Promise.all([h.open('ann'), h.open('bob'), h.open('ann', 'y'), h.open(null), h.open(null)]);
    const first = feeds.map((feed) => feed.next());
    h.emit({ tick: { n: 1 } });
    const results = (await Promise.all(first)).map((r) => r.value);
    expect(results.map((r) => r.data.tick.seenBy)).toEqual(['ann', 'bob', 'ann', null, null]);
    expect(h.executions()).toBe(5);

    const second = feeds.map((feed) => feed.next());
    h.emit({ tick: { n: 2 } }); // an equal but new payload object: a new event
    expect((await Promise.all(second)).map((r) => r.value.data.tick.n)).toEqual([2, 2, 2, 2, 2]);
    expect(h.executions()).toBe(10);
  });

  it('ends with the source, and return() closes the source', async () => {
    const h = harness();
    const [kept, left] = [await h.open('ann'), await h.open('ann')];
    expect(await left.return!()).toEqual({ done: true, value: undefined });
    const next = kept.next();
    h.endAll();
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('answers a subscription whose resolver refuses with the errors, as graphql-js does', async () => {
    const h = harness();
    const schema = buildSchema('type Query { a: Int } type Subscription { tick: Int }');
    schema.getSubscriptionType()!.getFields().tick.subscribe = () => {
      throw new Error('FORBIDDEN');
    };
    const result = await sharedSubscriptionExecution(() => 'ann')({ schema, document: parse('subscription { tick }') });
    expect((result as ExecutionResult).errors?.map((e) => e.message)).toEqual(['FORBIDDEN']);
    expect(h.executions()).toBe(0);
  });
});
