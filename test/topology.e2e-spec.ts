import type { ChildProcess } from 'node:child_process';
import { describeWithPostgresAndRedis, dropPgSchema, freshPgUrl, testRedisUrl } from '@accord/event-store/testing/services';
import { GraphqlClient } from '../apps/demo/src/graphql-client';
import { runDemoScenario, type DemoResult } from '../apps/demo/src/scenario';
import { RoundRobinClient } from './support/deployments';
import { listeningPort, spawnApp, untilExit } from './support/run-api-process';
import { connectWs, type LiveSubscription, type WsConnection } from './support/ws-client';

interface Running {
  child: ChildProcess;
  port: number;
  exited: ReturnType<typeof untilExit>;
}

async function start(app: 'api' | 'projector', env: Record<string, string>): Promise<Running> {
  const child = spawnApp(app, env);
  const exited = untilExit(child, 600_000);
  const port = await listeningPort(child, 30_000);
  return { child, port, exited };
}

async function health(process: Running): Promise<{ status: string; state?: string; holder?: string; projections?: Array<{ name: string; checkpoint: number }> }> {
  const response = await fetch(`http://127.0.0.1:${process.port}/health`);
  return response.json() as never;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The scaled-out topology as separate processes, sharing only PostgreSQL and Redis: two API instances
 * on different ports beside two projector processes, of which one holds the lease and one stands by.
 */
describeWithPostgresAndRedis('several processes on PostgreSQL and Redis', () => {
  const env = {
    ACCORD_EVENT_STORE: freshPgUrl('accord_events'),
    ACCORD_READ_STORE: freshPgUrl('accord_read'),
    REDIS_URL: testRedisUrl(),
    ACCORD_LIVE_CHANNEL: `accord:test:${process.pid}:${Date.now()}`,
    ACCORD_PROJECTOR_LEASE_SECONDS: '2',
    PORT: '0',
  };
  const api = { ...env, ACCORD_PROJECTOR: 'external' };
  let projectors: Running[] = [];
  let apis: Running[] = [];
  let story: DemoResult;
  let viewer: WsConnection;
  let liveDrift: LiveSubscription<{ driftDetected: { kind: string; position: number } }>;
  const url = (p: Running) => `http://127.0.0.1:${p.port}/graphql`;

  beforeAll(async () => {
    projectors.push(await start('projector', env));
    await until(() => health(projectors[0]), (h) => h.state === 'active');
    projectors.push(await start('projector', env));
    apis = await Promise.all([start('api', api), start('api', api)]);
  }, 120_000);

  afterAll(async () => {
    await viewer?.dispose();
    for (const p of [...apis, ...projectors]) p.child.kill('SIGTERM');
    await Promise.all([...apis, ...projectors].map((p) => p.exited));
    await dropPgSchema(env.ACCORD_EVENT_STORE);
    await dropPgSchema(env.ACCORD_READ_STORE);
  });

  it('one projector holds the lease and applies projections; the other stands by, healthy', async () => {
    const [first, second] = await Promise.all(projectors.map(health));
    expect(first).toMatchObject({ status: 'ok', state: 'active' });
    expect(second).toMatchObject({ status: 'ok', state: 'standby' });
  });

  it('the story runs with requests alternating between the two APIs, and a dashboard on the second gets the drift that writes on the first caused', async () => {
    const [a, b] = apis;
    const client = new RoundRobinClient([new GraphqlClient(url(a)), new GraphqlClient(url(b))]);
    story = await runDemoScenario(client, () => undefined, {
      onMembers: async (firmId, tokens) => {
        viewer = connectWs(`ws://127.0.0.1:${b.port}/graphql`, tokens.find((t) => t.role === 'VIEWER')!.token);
        liveDrift = viewer.subscribe(`subscription ($f: ID!) { driftDetected(firmId: $f) { kind position } }`, { f: firmId });
        await new Promise((r) => setTimeout(r, 200)); // the subscription is registered before the writes go on
      },
    });
    const received = (await liveDrift.take(3)).map((r) => r.driftDetected);
    expect(received.map((d) => d.kind)).toEqual(['SCORE_DROP', 'DEFINITION_DRIFT', 'DEFINITION_DRIFT']);
    const auditor = story.tokens.find((t) => t.role === 'AUDITOR')!.token;
    const { driftEvents } = await new GraphqlClient(url(a)).request(`query ($f: ID!) { driftEvents(firmId: $f) { position } }`, { f: story.firmId }, auditor);
    expect(driftEvents.map((d: { position: number }) => d.position)).toEqual(received.map((d) => d.position));
  });

  it('when the active projector is killed, the standby takes over, and writes through either API are read back at once', async () => {
    projectors[0].child.kill('SIGKILL');
    await projectors[0].exited;
    await until(() => health(projectors[1]), (h) => h.state === 'active', 15_000);
    const partner = story.tokens.find((t) => t.role === 'PARTNER')!.token;
    for (const [i, target] of apis.entries()) {
      const client = new GraphqlClient(url(target));
      const added = await client.request(`mutation ($f: ID!, $i: AddMemberInput!) { addMember(firmId: $f, input: $i) { member { id name } } }`, { f: story.firmId, i: { name: `Late Partner ${i}`, role: 'PARTNER' } }, partner);
      const { firm } = await client.request(`query ($f: ID!) { firm(id: $f) { members { id } } }`, { f: story.firmId }, partner);
      expect(firm.members.map((m: { id: string }) => m.id)).toContain(added.addMember.member.id);
    }
  });

  it('applied every event exactly once across the takeover: every projection at the head, the audit log whole and verified', async () => {
    const auditor = story.tokens.find((t) => t.role === 'AUDITOR')!.token;
    const client = new GraphqlClient(url(apis[1]));
    const status = await until(
      () => client.request(`{ serverStatus { headPosition projections { name checkpoint } } }`),
      (s: any) => s.serverStatus.projections.every((p: { checkpoint: number }) => p.checkpoint === s.serverStatus.headPosition),
    );
    expect(status.serverStatus.projections.length).toBeGreaterThan(0);
    const { verifyIntegrity } = await client.request(`query ($f: ID!) { verifyIntegrity(firmId: $f) { ok eventsChecked } }`, { f: story.firmId }, auditor);
    const { auditLog } = await client.request(`query ($f: ID!) { auditLog(firmId: $f, first: 1000) { events { position } hasMore } }`, { f: story.firmId }, auditor);
    const positions = auditLog.events.map((e: { position: number }) => e.position);
    expect(auditLog.hasMore).toBe(false);
    expect(new Set(positions).size).toBe(positions.length);
    expect(verifyIntegrity).toEqual({ ok: true, eventsChecked: positions.length });
  });
});
