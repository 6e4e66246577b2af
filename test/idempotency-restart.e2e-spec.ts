import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { attemptSeed, callerScope, IdempotencyScope, keyedRequest, type KeyedRequest } from '@accord/platform';
import { startApiServer, type ApiServer } from './support/api-server';
import { startProjector } from './support/deployments';
import { RetryingClient, firmStory, send, type Mutation, type Sent } from './support/idempotent-workload';
import { listeningPort, spawnApp, untilExit, type Exit } from './support/run-api-process';

/** The API as `npm start` runs it, in a process of its own, on a SQLite file. */
interface ApiProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<Exit>;
}

async function startProcess(dataFile: string): Promise<ApiProcess> {
  // A short projector lease: the restarted process waits for the dead one's lease to expire before it serves.
  const child = spawnApp('api', { ACCORD_EVENT_STORE: `sqlite:${dataFile}`, PORT: '0', ACCORD_PROJECTOR_LEASE_SECONDS: '2' });
  const exited = untilExit(child, 120_000);
  const port = await listeningPort(child);
  return { url: `http://127.0.0.1:${port}`, child, exited };
}

async function kill(api: ApiProcess): Promise<void> {
  api.child.kill('SIGKILL');
  expect((await api.exited).signal).toBe('SIGKILL');
}

/** Events in the SQLite file, read through a connection of its own: every one, or the topics of the disagreements raised. */
function readEvents(dataFile: string): { total: number; topics: string[] } {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  try {
    const total = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const rows = db.prepare("SELECT data FROM events WHERE type = 'DisagreementRaised'").all() as Array<{ data: string }>;
    return { total, topics: rows.map((row) => JSON.parse(row.data).topic as string) };
  } finally {
    db.close();
  }
}

const MIN_ROUNDS = 3;
const MAX_ROUNDS = 10;
const REQUESTS = 40;
const RAISE = 'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id topic status positions { member { id } text } } }';

describe('idempotent mutations across a killed process (SIGKILL)', () => {
  let dir: string;
  let dataFile: string;
  let api: ApiProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-idempotency-'));
    dataFile = join(dir, 'accord.db');
  });
  afterEach(() => {
    api?.child.kill('SIGKILL');
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays every response after the process was killed and started again, appending nothing', async () => {
    api = await startProcess(dataFile);
    const client = new RetryingClient([api.url], 1);
    await Promise.all([0, 1].map((n) => firmStory(client.perform, n)));
    const before = readEvents(dataFile).total;
    await kill(api);

    api = await startProcess(dataFile);
    client.urls = [api.url];
    expect(await client.resendAll()).toEqual([]);
    expect(readEvents(dataFile).total).toBe(before);
  }, 120_000);

  it('applies each request exactly once when the process is killed while requests execute, also those it had appended and not yet answered', async () => {
    // The kill lands at a random moment; rounds go on (up to MAX_ROUNDS) until one caught a request between its append and its stored response.
    const figures: RoundFigures[] = [];
    const caught = () => figures.some((f) => f.appendedNotAnswered > 0);
    for (let round = 0; round < MAX_ROUNDS && (round < MIN_ROUNDS || !caught()); round++) figures.push(await killDuringRequests(round));
    console.log(`idempotency under SIGKILL, ${REQUESTS} keyed requests per round: ${JSON.stringify(figures)}`);
    expect(caught()).toBe(true);
  }, 300_000);

  /** What the kill left behind: answered requests, claims still pending with their events appended, and requests that had not appended. */
  interface RoundFigures {
    killedAfterMs: number;
    answered: number;
    appendedNotAnswered: number;
    notAppended: number;
  }

  async function killDuringRequests(round: number): Promise<RoundFigures> {
    api ??= await startProcess(dataFile);
    const created = (await send(api.url, { query: 'mutation { createFirm(input: {name: "Hale", kind: LAW, founderName: "Ann"}) { token firm { id } member { id } } }', variables: {} })).body.data.createFirm;
    const raise = (topic: string): Mutation => ({
      query: RAISE,
      variables: { f: created.firm.id, i: { topic, layer: 'PROCESS', positions: [{ memberId: created.member.id, text: 'Yes' }] } },
      token: created.token,
    });
    // How long a batch takes on this machine once warm, so the kill lands while the keyed batch executes.
    const batch = (name: string) => Promise.all(Array.from({ length: REQUESTS }, (_, i) => send(api!.url, raise(`${name} ${round}.${i}`))));
    await batch('Warm-up');
    const started = Date.now();
    await batch('Measure');
    const batchMs = Date.now() - started;

    const requests = Array.from({ length: REQUESTS }, (_, i) => {
      const mutation = raise(`Round ${round} topic ${i}`);
      const key = randomUUID();
      return { key, mutation, keyed: keyedRequest(callerScope(`Bearer ${created.token}`), key, mutation) };
    });
    const beforeKill = new Map<string, Sent>();
    const inFlight = requests.map(({ key, mutation }) => send(api!.url, mutation, key).then((sent) => beforeKill.set(key, sent), () => undefined));
    const killedAfterMs = Math.round(batchMs * (0.1 + Math.random() * 0.8));
    await sleep(killedAfterMs);
    await kill(api);
    api = undefined;
    await Promise.all(inFlight);
    const left = claimsAndEvents(dataFile, requests);

    api = await startProcess(dataFile);
    const afterRestart = await Promise.all(requests.map(({ key, mutation }) => send(api!.url, mutation, key)));
    afterRestart.forEach((sent, i) => {
      expect(sent.body.errors).toBeUndefined();
      expect(sent.body.data.raiseDisagreement.topic).toBe(`Round ${round} topic ${i}`);
      const earlier = beforeKill.get(requests[i].key);
      if (earlier) expect([sent.text, sent.replayed]).toEqual([earlier.text, true]);
    });
    const raised = readEvents(dataFile).topics.filter((topic) => topic.startsWith(`Round ${round} `));
    expect(raised.sort()).toEqual(requests.map((_, i) => `Round ${round} topic ${i}`).sort());
    const again = await Promise.all(requests.map(({ key, mutation }) => send(api!.url, mutation, key)));
    expect(again.map((sent) => [sent.text, sent.replayed])).toEqual(afterRestart.map((sent) => [sent.text, true]));
    return { killedAfterMs, answered: beforeKill.size, ...left };
  }
});

/** For each request: was its claim left pending with its event appended (the crash window), or had it appended nothing? */
function claimsAndEvents(dataFile: string, requests: Array<{ keyed: KeyedRequest }>): { appendedNotAnswered: number; notAppended: number } {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  try {
    const claimOf = db.prepare('SELECT state, created_at FROM idempotency_keys WHERE key_hash = ?');
    const appended = db.prepare('SELECT 1 FROM events WHERE id = ?').pluck();
    let appendedNotAnswered = 0;
    let notAppended = 0;
    for (const { keyed } of requests) {
      const claim = claimOf.get(keyed.keyHash) as { state: string; created_at: number } | undefined;
      // The id the attempt gave its event, derived as the server does.
      const eventId = claim && new IdempotencyScope(attemptSeed(keyed, claim.created_at)).nextStep().eventId(0);
      if (!eventId || appended.get(eventId) === undefined) notAppended++;
      else if (claim.state === 'pending') appendedNotAnswered++;
    }
    return { appendedNotAnswered, notAppended };
  } finally {
    db.close();
  }
}

describeWithPostgres('idempotent mutations on two API instances sharing PostgreSQL', () => {
  const env = { ACCORD_EVENT_STORE: freshPgUrl('accord_events'), ACCORD_READ_STORE: freshPgUrl('accord_read') };
  let projector: INestApplication;
  let instances: ApiServer[];
  const head = async () => (await send(instances[0].httpUrl, { query: '{ serverStatus { headPosition } }', variables: {} })).body.data.serverStatus.headPosition as number;

  beforeAll(async () => {
    projector = await startProjector(env);
    instances = [await startApiServer({ ...env, ACCORD_PROJECTOR: 'external' }), await startApiServer({ ...env, ACCORD_PROJECTOR: 'external' })];
  });
  afterAll(async () => {
    for (const instance of instances ?? []) await instance.close();
    await projector?.close();
    await dropPgSchema(env.ACCORD_EVENT_STORE);
    await dropPgSchema(env.ACCORD_READ_STORE);
  });

  it('honour each other’s keys: retries sent to either instance, at the same time or later, get the first response and append nothing', async () => {
    const client = new RetryingClient(instances.map((instance) => instance.httpUrl));
    await Promise.all([0, 1].map((n) => firmStory(client.perform, n)));
    for (const keyed of client.sent) {
      expect(keyed.retries.map((retry) => retry.text)).toEqual(Array(keyed.retries.length).fill(keyed.first.text));
      expect([keyed.first, ...keyed.retries].filter((sent) => !sent.replayed)).toHaveLength(1);
    }
    const before = await head();
    expect(await client.resendAll()).toEqual([]);
    expect(await head()).toBe(before);
  }, 120_000);

  it('execute a request sent to both at once on one of them only', async () => {
    const created = (await send(instances[0].httpUrl, { query: 'mutation { createFirm(input: {name: "Twin", kind: LAW, founderName: "Ann"}) { token firm { id } member { id } } }', variables: {} })).body.data.createFirm;
    const before = await head();
    for (let i = 0; i < 10; i++) {
      const key = randomUUID();
      const mutation = { query: RAISE, variables: { f: created.firm.id, i: { topic: `Twin ${i}`, layer: 'PROCESS', positions: [{ memberId: created.member.id, text: 'Yes' }] } }, token: created.token };
      const [a, b] = await Promise.all(instances.map((instance) => send(instance.httpUrl, mutation, key)));
      expect(a.text).toBe(b.text);
      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    }
    expect(await head()).toBe(before + 10);
  }, 60_000);
});
