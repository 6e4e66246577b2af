import { SqliteEventStore, type EventStore } from '@accord/event-store';
import { DomainError, SYSTEM } from '@accord/domain';
import { counterDecider } from '../testing/counter-decider';
import { deterministicEventId } from './deterministic-id';
import { execute, loadState, MAX_ATTEMPTS } from './event-sourced-executor';

const now = '2026-11-24T10:00:00.000Z';
const run = (by: number, extra: object = {}) => ({
  decider: counterDecider,
  stream: 'counter-1',
  firmId: 'firm-1',
  actor: SYSTEM,
  now,
  command: () => ({ type: 'Count' as const, by }),
  ...extra,
});

describe('execute', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = SqliteEventStore.open({ path: ':memory:' })));
  afterEach(() => store.close());

  it('appends the decided events with the metadata of the command', async () => {
    const executed = await execute(store, run(5, { causationId: 'c-1' }));
    expect(executed.position).toBe(1);
    expect(executed.state).toEqual({ total: 5 });
    const events = [];
    for await (const event of store.readStream('counter-1')) events.push(event);
    expect(events[0].metadata).toEqual({ actor: 'system', firmId: 'firm-1', occurredAt: now, causationId: 'c-1' });
  });

  it('writes nothing when the decider decides nothing', async () => {
    expect(await execute(store, run(0))).toEqual({ events: [], state: { total: 0 }, position: null });
    expect(await store.headPosition()).toBe(0);
  });

  it('appends nothing when the decider refuses', async () => {
    await expect(execute(store, run(101))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await store.headPosition()).toBe(0);
  });

  describe('when concurrent commands race on one stream', () => {
    it('decides again on the new state, so every increment lands', async () => {
      await Promise.all(Array.from({ length: 4 }, () => execute(store, run(1))));
      expect((await loadState(store, counterDecider, 'counter-1')).state).toEqual({ total: 4 });
    });

    it(`gives up with CONFLICT after ${MAX_ATTEMPTS} attempts`, async () => {
      // A store whose stream moves before every append: the command never gets a quiet moment.
      let attempts = 0;
      const busy: EventStore = Object.create(store);
      busy.append = async (stream, events, options) => {
        attempts++;
        await store.append(stream, [{ ...events[0], id: crypto.randomUUID() }], { expectedRevision: 'any' });
        return store.append(stream, events, options);
      };
      const error = await execute(busy, run(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'CONFLICT' });
      expect(attempts).toBe(MAX_ATTEMPTS);
    });
  });

  describe('with deterministic event ids (a process manager)', () => {
    it('writes once however often it runs', async () => {
      const eventId = () => deterministicEventId('cause-1', 'count');
      await execute(store, run(3, { eventId }));
      const again = await execute(store, run(3, { eventId }));
      expect(again.position).toBeNull();
      expect(await store.headPosition()).toBe(1);
    });
  });
  describe('with the step ids of a request with an Idempotency-Key', () => {
    const step = (n: number) => ({ eventId: (index: number) => deterministicEventId('request-seed', `step ${n} event ${index}`) });

    it('gives the events the step’s ids', async () => {
      await execute(store, run(3, { step: step(1) }));
      const ids = [];
      for await (const event of store.readStream('counter-1')) ids.push(event.id);
      expect(ids).toEqual([step(1).eventId(0)]);
    });

    it('does not decide again a step the stream holds: it returns what was recorded, after other writers too', async () => {
      const first = await execute(store, run(60, { step: step(1) }));
      await execute(store, run(5));
      // Deciding again would refuse (60 + 5 + 60 > 100): the step is recognised before the decider runs.
      const again = await execute(store, run(60, { step: step(1) }));
      expect(again).toEqual({ events: first.events, state: { total: 60 }, position: first.position, alreadyRecorded: true });
      expect(await store.headPosition()).toBe(2);
    });

    it('decides a step the stream does not hold', async () => {
      await execute(store, run(1, { step: step(1) }));
      const second = await execute(store, run(2, { step: step(2) }));
      expect(second).toEqual({ events: [{ type: 'Counted', data: { by: 2 } }], state: { total: 3 }, position: 2 });
    });

    it('writes once when two attempts of the same request race', async () => {
      const attempts = await Promise.all(Array.from({ length: 4 }, () => execute(store, run(7, { step: step(1) }))));
      expect(await store.headPosition()).toBe(1);
      expect(attempts.filter((a) => !a.alreadyRecorded)).toHaveLength(1);
      expect(attempts.map((a) => a.state)).toEqual(Array(4).fill({ total: 7 }));
    });
  });
});

describe('deterministicEventId', () => {
  it('is a UUID fixed by its cause and purpose', () => {
    const id = deterministicEventId('e-1', 'reveal');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('e-1', 'reveal')).toBe(id);
    expect(deterministicEventId('e-1', 'other')).not.toBe(id);
    expect(deterministicEventId('e-2', 'reveal')).not.toBe(id);
  });
});
