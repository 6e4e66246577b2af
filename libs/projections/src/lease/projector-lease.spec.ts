import { events, freshStream } from '@accord/event-store/testing/fixtures';
import { ProjectionRunner } from '../projection-runner';
import { describeEachReadStore, openTempStores, type TempStores } from '../testing/temp-read-store';
import type { Projection } from '../types';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { LeaseLostError, ProjectorLease, holderProcessGone } from './projector-lease';

const quiet = { log() {}, warn() {}, error() {} };

/** One ledger row per applied event, tagged with the projector that applied it. */
function ledger(applier: string, gate?: { wait: Promise<void> }): Projection {
  return {
    name: 'ledger',
    handles: ['SomethingHappened'],
    schema: ['CREATE TABLE IF NOT EXISTS lease_ledger (position INTEGER NOT NULL, applier TEXT NOT NULL)'],
    tables: ['lease_ledger'],
    async handle(event, tx) {
      if (gate) await gate.wait;
      await tx.run('INSERT INTO lease_ledger (position, applier) VALUES (?, ?)', [event.position, applier]);
    },
  };
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describeEachReadStore('the projector lease', (kind) => {
  let stores: TempStores;
  beforeEach(async () => {
    stores = await openTempStores(kind, 'accord-lease-');
    if (!stores.readStore.managedSchema) {
      await stores.readStore.transaction((tx) => tx.run('CREATE TABLE IF NOT EXISTS lease_ledger (position INTEGER NOT NULL, applier TEXT NOT NULL)'));
    } else {
      await stores.readStore.transaction((tx) => tx.run('CREATE TABLE lease_ledger (position BIGINT NOT NULL, applier TEXT NOT NULL)'));
    }
  });
  afterEach(() => stores.close());

  const lease = (holder: string, ttlMs = 60_000, now?: () => number) => new ProjectorLease(stores.readStore, { holder, ttlMs, now });

  it('is taken over at once from a holder known to be gone, and only from that holder and epoch', async () => {
    const dead = lease('dead');
    await dead.init();
    expect(await dead.tryAcquire()).toBe(true);
    const seen = (await dead.current())!;
    const next = lease('next');
    expect(await next.tryAcquire()).toBe(false);
    expect(await next.takeOverFrom({ ...seen, epoch: seen.epoch + 1 })).toBe(false);
    expect(await next.takeOverFrom(seen)).toBe(true);
    expect((await next.current())!).toMatchObject({ holder: 'next', epoch: seen.epoch + 1 });
    // The old holder is fenced: it cannot renew, and a third process cannot take over with the stale view.
    expect(await dead.renew()).toBe(false);
    expect(await lease('third').takeOverFrom(seen)).toBe(false);
  });

  it('is held by one projector at a time; a standby takes it only once it has expired or been released', async () => {
    let clock = 1_000_000;
    const a = lease('a', 1000, () => clock);
    const b = lease('b', 1000, () => clock);
    await a.init();
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(await a.tryAcquire()).toBe(true);
    clock += 900;
    expect(await a.renew()).toBe(true);
    clock += 900;
    expect(await b.tryAcquire()).toBe(false);
    clock += 200;
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.renew()).toBe(false);
    expect(a.held).toBe(false);
    await b.release();
    expect(await a.tryAcquire()).toBe(true);
    expect(await a.current()).toMatchObject({ holder: 'a', epoch: 3 });
  });

  it('several projectors racing for a free lease: exactly one gets it', async () => {
    const contenders = Array.from({ length: 8 }, (_, i) => lease(`p${i}`));
    await contenders[0].init();
    const won = await Promise.all(contenders.map((c) => c.tryAcquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('a holder that was paused past its lease and wakes after a takeover has its next batch refused: no event is applied twice', async () => {
    let clock = 5_000_000;
    const now = () => clock;
    const leaseA = lease('a', 1000, now);
    const leaseB = lease('b', 1000, now);
    await leaseA.init();
    const errors: string[] = [];
    const a = new ProjectionRunner(stores.store, stores.readStore, [ledger('a')], { fence: leaseA.fence, logger: { ...quiet, error: (m) => errors.push(m) }, retry: { initialMs: 20, maxMs: 20 } });
    const b = new ProjectionRunner(stores.store, stores.readStore, [ledger('b')], { fence: leaseB.fence, logger: quiet });
    expect(await leaseA.tryAcquire()).toBe(true);
    await a.start();
    await stores.store.append(freshStream(), events(5), { expectedRevision: 'no_stream' });
    await until(() => a.status()[0].checkpoint === 5);
    // A stops renewing (a paused process), its lease runs out, B takes over; then A runs on.
    clock += 5_000;
    expect(await leaseB.tryAcquire()).toBe(true);
    await b.start();
    await stores.store.append(freshStream(), events(3), { expectedRevision: 'no_stream' });
    await until(() => b.status()[0].checkpoint === 8);
    await until(() => errors.some((m) => m.includes(new LeaseLostError('projector', 'a').message)));
    expect(a.status()[0]).toMatchObject({ state: 'failing', checkpoint: 5 });
    await a.stop();
    await b.stop();
    const rows = await stores.readStore.read((tx) => tx.all<{ position: number; applier: string }>('SELECT position, applier FROM lease_ledger ORDER BY position'));
    expect(rows.map((r) => [Number(r.position), r.applier])).toEqual([1, 2, 3, 4, 5].map((p) => [p, 'a']).concat([6, 7, 8].map((p) => [p, 'b'])));
  });

  it('a takeover attempted while the holder is inside a batch waits until that batch has committed', async () => {
    let clock = 9_000_000;
    const now = () => clock;
    let open!: () => void;
    const gate = { wait: new Promise<void>((resolve) => (open = resolve)) };
    const leaseA = lease('a', 1000, now);
    const leaseB = lease('b', 1000, now);
    await leaseA.init();
    const a = new ProjectionRunner(stores.store, stores.readStore, [ledger('a', gate)], { fence: leaseA.fence, logger: quiet });
    expect(await leaseA.tryAcquire()).toBe(true);
    await a.start();
    await stores.store.append(freshStream(), events(2), { expectedRevision: 'no_stream' });
    await new Promise((r) => setTimeout(r, 50));
    clock += 5_000; // A's lease has run out by the clock while its batch, fenced already, is still open
    let settled = false;
    const takeover = leaseB.tryAcquire().finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    open();
    expect(await takeover).toBe(true);
    const applied = await stores.readStore.read((tx) => tx.all<{ applier: string }>('SELECT applier FROM lease_ledger'));
    expect(applied.map((r) => r.applier)).toEqual(['a', 'a']);
    await a.stop();
  });
});

describe('holderProcessGone', () => {
  it('is true only for a process of this host that no longer exists', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(exited.stdout);
    expect(holderProcessGone(`${hostname()}:${deadPid}:abc123`)).toBe(true);
    expect(holderProcessGone(`${hostname()}:${process.ppid}:abc123`)).toBe(false);
    expect(holderProcessGone(`${hostname()}:${process.pid}:abc123`)).toBe(false);
    expect(holderProcessGone(`elsewhere-${hostname()}:${deadPid}:abc123`)).toBe(false);
    expect(holderProcessGone('a')).toBe(false);
  });
});
