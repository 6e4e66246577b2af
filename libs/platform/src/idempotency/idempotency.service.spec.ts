import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';
import { keyedRequest } from './idempotency-key';
import { IdempotencyService, type Begun, type IdempotencyOptions } from './idempotency.service';

const HOUR = 3_600_000;
const ok = { status: 200, body: '{"data":{"x":1}}' };
const request = (key: string, variables: Record<string, unknown> = { a: 1 }, scope = 'anonymous') =>
  keyedRequest(scope, key, { query: 'mutation($a: Int) { x(a: $a) }', variables });

/** Real time plus an offset the test moves, so waits run in real time and expiry can be jumped to. */
class Clock {
  offset = 0;
  now = () => Date.now() + this.offset;
}

function executing(begun: Begun) {
  if (begun.kind !== 'execute') throw new Error(`expected to execute, got ${begun.kind}`);
  return begun.claim;
}

describeEachReadStore('idempotency keys', (kind) => {
  let stores: TempStores;
  let clock: Clock;
  const services: IdempotencyService[] = [];
  const service = async (options: Partial<IdempotencyOptions> = {}) => {
    const created = new IdempotencyService(stores.readStore, { ttlMs: 24 * HOUR, now: clock.now, ...options });
    await created.onModuleInit();
    services.push(created);
    return created;
  };
  const rows = () => stores.readStore.read((tx) => tx.all<{ state: string }>('SELECT state FROM idempotency_keys'));

  beforeEach(async () => {
    stores = await openTempStores(kind);
    clock = new Clock();
  });
  afterEach(async () => {
    for (const s of services.splice(0)) s.onModuleDestroy();
    await stores.close();
  });

  describe('when the first attempt finishes with a final response', () => {
    it('replays that response to a retry', async () => {
      const keys = await service();
      const claim = executing(await keys.begin(request('k')));
      await keys.finish(claim, ok, true);
      expect(await keys.begin(request('k'))).toEqual({ kind: 'replay', response: ok });
    });

    it('refuses the key with another request, BAD_USER_INPUT, and still replays the first', async () => {
      const keys = await service();
      await keys.finish(executing(await keys.begin(request('k'))), ok, true);
      await expect(keys.begin(request('k', { a: 2 }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/different request/) });
      expect(await keys.begin(request('k'))).toEqual({ kind: 'replay', response: ok });
    });

    it('keeps another caller’s same key apart', async () => {
      const keys = await service();
      await keys.finish(executing(await keys.begin(request('k'))), ok, true);
      expect((await keys.begin(request('k', { a: 1 }, 'token:other'))).kind).toBe('execute');
    });

    it('stores the response sealed: the row does not show it', async () => {
      const keys = await service();
      await keys.finish(executing(await keys.begin(request('k'))), { status: 200, body: '{"token":"acc_secret"}' }, true);
      const stored = await stores.readStore.read((tx) => tx.all<Record<string, unknown>>('SELECT * FROM idempotency_keys'));
      expect(JSON.stringify(stored)).not.toContain('acc_secret');
      expect(JSON.stringify(stored)).not.toContain('"k"');
    });
  });

  describe('after a transient failure', () => {
    it('releases the key, so a retry executes again, deriving the ids the failed attempt did', async () => {
      const keys = await service();
      const failed = executing(await keys.begin(request('k')));
      await keys.finish(failed, { status: 200, body: '{"errors":[]}' }, false);
      const retry = executing(await keys.begin(request('k')));
      expect(retry.scope.newId('check')).toBe(failed.scope.newId('check'));
    });

    it('still refuses the key with another request', async () => {
      const keys = await service();
      await keys.finish(executing(await keys.begin(request('k'))), undefined, false);
      await expect(keys.begin(request('k', { a: 2 }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('while the first attempt executes', () => {
    it('makes a retry wait, then replays the response', async () => {
      const keys = await service();
      const claim = executing(await keys.begin(request('k')));
      const retry = keys.begin(request('k'));
      await sleep(50);
      await keys.finish(claim, ok, true);
      expect(await retry).toEqual({ kind: 'replay', response: ok });
    });

    it('lets a waiting retry execute when the attempt failed transiently', async () => {
      const keys = await service();
      const claim = executing(await keys.begin(request('k')));
      const retry = keys.begin(request('k'));
      await keys.finish(claim, undefined, false);
      expect((await retry).kind).toBe('execute');
    });

    it('answers CONFLICT when the attempt takes longer than the wait', async () => {
      const keys = await service({ waitMs: 150 });
      executing(await keys.begin(request('k')));
      const started = Date.now();
      await expect(keys.begin(request('k'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/still in progress/) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('makes a retry on another instance wait for it too', async () => {
      const a = await service();
      const b = await service({ pollMs: 20 });
      const claim = executing(await a.begin(request('k')));
      const retry = b.begin(request('k'));
      await sleep(60);
      await a.finish(claim, ok, true);
      expect(await retry).toEqual({ kind: 'replay', response: ok });
    });
  });

  describe('when the instance executing the first attempt died', () => {
    it('lets a retry take the key over once the heartbeat is stale; only the new owner stores its response', async () => {
      const dead = await service({ heartbeatMs: HOUR });
      const claim = executing(await dead.begin(request('k')));
      const other = await service({ staleAfterMs: 6_000, waitMs: 150 });
      clock.offset = 3_000;
      await expect(other.begin(request('k'))).rejects.toMatchObject({ code: 'CONFLICT' });
      clock.offset = 7_000;
      const takenOver = executing(await other.begin(request('k')));
      expect(takenOver.scope.newId('check')).toBe(claim.scope.newId('check'));
      await dead.finish(claim, { status: 200, body: '{"late":true}' }, true);
      await other.finish(takenOver, ok, true);
      expect(await other.begin(request('k'))).toEqual({ kind: 'replay', response: ok });
    });

    it('does not take over a key whose attempt still beats its heartbeat', async () => {
      const alive = await service({ heartbeatMs: 20 });
      executing(await alive.begin(request('k')));
      clock.offset = 60_000;
      await sleep(80);
      const other = await service({ staleAfterMs: 6_000, waitMs: 150 });
      await expect(other.begin(request('k'))).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('after the time to live', () => {
    it('lets the key be used afresh, for any request', async () => {
      const keys = await service({ ttlMs: 24 * HOUR });
      await keys.finish(executing(await keys.begin(request('k'))), ok, true);
      clock.offset = 24 * HOUR + 1;
      expect((await keys.begin(request('k', { a: 2 }))).kind).toBe('execute');
    });

    it('gives the same request sent again with its expired key new ids: it executes as a new request', async () => {
      const keys = await service({ ttlMs: 24 * HOUR });
      const first = executing(await keys.begin(request('k')));
      await keys.finish(first, ok, true);
      clock.offset = 24 * HOUR + 1;
      const afresh = executing(await keys.begin(request('k')));
      expect(afresh.scope.newId('check')).not.toBe(first.scope.newId('check'));
    });

    it('purges the rows older than it, and keeps the younger', async () => {
      const keys = await service({ ttlMs: 24 * HOUR });
      await keys.finish(executing(await keys.begin(request('old'))), ok, true);
      clock.offset = 23 * HOUR;
      await keys.finish(executing(await keys.begin(request('young'))), ok, true);
      clock.offset = 25 * HOUR;
      const later = await service({ ttlMs: 24 * HOUR });
      await keys.finish(executing(await later.begin(request('new'))), ok, true);
      await sleep(50);
      expect((await rows()).length).toBe(2);
      expect(await later.begin(request('young'))).toEqual({ kind: 'replay', response: ok });
    });
  });
});
