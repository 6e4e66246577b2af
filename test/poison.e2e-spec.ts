import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { EVENT_STORE } from '@accord/platform';
import { postGraphql, type ApiServer } from './support/api-server';
import { startProjector } from './support/deployments';
import { startServerOn } from './support/projection-ops';
import { runCli } from './support/run-cli';

/*
 * A projection handler that throws on one event, in the real server: the log gets a DisagreementRaised
 * the disagreements projection cannot store (written by another version, say: no topic). After
 * ACCORD_PROJECTION_MAX_ATTEMPTS failures the event is passed over as poison; the server keeps
 * answering, /health and `accord status` list it, and a rebuild records it again while it still fails.
 */
const MAX_ATTEMPTS = '3';

interface Founded {
  firmId: string;
  token: string;
  memberId: string;
}

async function foundFirm(server: ApiServer): Promise<Founded> {
  const result = await postGraphql<any>(server, 'mutation { createFirm(input: {name: "Poison & Co", kind: AGENCY, founderName: "Pat"}) { token firm { id } member { id } } }');
  expect(result.errors).toBeUndefined();
  return { firmId: result.data.createFirm.firm.id, token: result.data.createFirm.token, memberId: result.data.createFirm.member.id };
}

/** Appends, as another version of the software might have, a DisagreementRaised without the topic the projection needs. */
async function appendUndigestible(app: INestApplication, firmId: string): Promise<{ eventId: string; stream: string; position: number }> {
  const store = app.get<EventStore>(EVENT_STORE);
  const disagreementId = randomUUID();
  const eventId = randomUUID();
  const stream = `disagreement-${disagreementId}`;
  const { position } = await store.append(
    stream,
    [{ id: eventId, type: 'DisagreementRaised', data: { disagreementId, firmId, layer: 'VISION', positions: [] }, metadata: { actor: 'system', firmId, occurredAt: new Date().toISOString() } }],
    { expectedRevision: 'no_stream' },
  );
  return { eventId, stream, position };
}

const raise = (server: ApiServer, firm: Founded, topic: string) =>
  postGraphql<any>(
    server,
    'mutation($f: ID!, $i: RaiseDisagreementInput!) { raiseDisagreement(firmId: $f, input: $i) { id topic status } }',
    { f: firm.firmId, i: { topic, layer: 'PEOPLE', positions: [{ memberId: firm.memberId, text: 'Yes' }] } },
    firm.token,
  );

async function health(server: ApiServer): Promise<{ code: number; body: any }> {
  const response = await fetch(`${server.httpUrl}/health`);
  return { code: response.status, body: await response.json() };
}

describe('a projection handler that keeps failing on one event, in the real server', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ApiServer & { stop(): Promise<void> };
  let firm: Founded;
  let poison: { eventId: string; stream: string; position: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-poison-'));
    env = { ACCORD_EVENT_STORE: `sqlite:${join(dir, 'accord.db')}`, ACCORD_PROJECTION_MAX_ATTEMPTS: MAX_ATTEMPTS };
    server = await startServerOn(env);
    firm = await foundFirm(server);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports no poison before', async () => {
    expect(await health(server)).toMatchObject({ code: 200, body: { status: 'ok' } });
    const run = await runCli(['status'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('poison events: none\n');
  });

  it('keeps answering mutations and queries: the event is passed over after the configured attempts', async () => {
    poison = await appendUndigestible(server.app, firm.firmId);
    const started = Date.now();
    const raised = await raise(server, firm, 'Do we hire a second designer?');
    expect(raised.errors).toBeUndefined();
    expect(raised.data.raiseDisagreement).toMatchObject({ topic: 'Do we hire a second designer?', status: 'OPEN' });
    expect(Date.now() - started).toBeLessThan(5000);

    const listed = await postGraphql<any>(server, 'query($f: ID!) { disagreements(firmId: $f) { topic } }', { f: firm.firmId }, firm.token);
    expect(listed.data.disagreements).toEqual([{ topic: 'Do we hire a second designer?' }]);
    // The other projections took the event: the audit log has it.
    const audit = await postGraphql<any>(server, 'query($f: ID!) { auditLog(firmId: $f) { events { position type } } }', { f: firm.firmId }, firm.token);
    expect(audit.data.auditLog.events).toContainEqual({ position: poison.position, type: 'DisagreementRaised' });
  });

  it('lists it on /health, which stays 200 because the server serves', async () => {
    const { code, body } = await health(server);
    expect(code).toBe(200);
    const expected = {
      projection: 'disagreements',
      position: poison.position,
      eventId: poison.eventId,
      stream: poison.stream,
      revision: 0,
      type: 'DisagreementRaised',
      error: 'NOT NULL constraint failed: disagreements.topic',
      attempts: Number(MAX_ATTEMPTS),
      recordedAt: expect.any(String),
    };
    expect(body).toMatchObject({ status: 'degraded', poisonEvents: [expected] });
    expect(body.warnings).toEqual([
      `projection disagreements passed over event ${poison.eventId} at position ${poison.position} (DisagreementRaised, ${poison.stream}@0) after ${MAX_ATTEMPTS} failed attempts: NOT NULL constraint failed: disagreements.topic`,
    ]);
    expect(body.projections.find((p: any) => p.name === 'disagreements')).toMatchObject({ poisoned: 1, checkpoint: body.headPosition });
    expect(body.projections.filter((p: any) => p.name !== 'disagreements').every((p: any) => p.checkpoint === body.headPosition && p.poisoned === undefined)).toBe(true);
  });

  it('lists it in `accord status`, which exits 1', async () => {
    const text = await runCli(['status'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`poison events: 1 (fix the projection, then \`accord rebuild --projection <name>\`)\n  projection disagreements passed over event ${poison.eventId} at position ${poison.position}`);
    const json = await runCli(['status', '--json'], env);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.poisonEvents).toEqual((await health(server)).body.poisonEvents);
    expect(report.projector).toMatchObject({ holder: expect.stringMatching(new RegExp(`:${process.pid}:`)) });
    expect(report.projections.every((p: any) => p.lag === 0)).toBe(true);
  });

  it('is recorded again by a rebuild while the handler still fails, and the rebuild exits 1', async () => {
    await server.stop();
    const before = JSON.parse((await runCli(['status', '--json'], env)).stdout).poisonEvents[0];
    const run = await runCli(['rebuild', '--projection', 'disagreements', '--quiet'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`projection disagreements failed at position ${poison.position} (DisagreementRaised): NOT NULL constraint failed: disagreements.topic; attempt ${MAX_ATTEMPTS} of ${MAX_ATTEMPTS}: passing over it as a poison event`);
    expect(run.stderr).toContain('1 poison event(s): their handlers still fail; the read models lack those events (see accord status)');
    expect(run.stdout).toMatch(/^rebuilt disagreements: replayed positions 1 to \d+/);
    const after = JSON.parse((await runCli(['status', '--json'], env)).stdout).poisonEvents;
    expect(after).toEqual([{ ...before, recordedAt: expect.any(String) }]);
    expect(after[0].recordedAt > before.recordedAt).toBe(true);
    server = await startServerOn(env);
    expect((await health(server)).body).toMatchObject({ status: 'degraded', poisonEvents: [{ position: poison.position }] });
  });
});

describeWithPostgres('a poison event beside a separate projector (ACCORD_PROJECTOR=external)', () => {
  const env = { ACCORD_EVENT_STORE: freshPgUrl('accord_poison_events'), ACCORD_READ_STORE: freshPgUrl('accord_poison_read'), ACCORD_PROJECTION_MAX_ATTEMPTS: '2' };
  let projector: INestApplication;
  let api: ApiServer & { stop(): Promise<void> };

  beforeAll(async () => {
    projector = await startProjector(env);
    api = await startServerOn({ ...env, ACCORD_PROJECTOR: 'external' });
  });
  afterAll(async () => {
    await api?.stop();
    await projector?.close();
    await dropPgSchema(env.ACCORD_EVENT_STORE);
    await dropPgSchema(env.ACCORD_READ_STORE);
  });

  it('shows on the API’s /health, read from the read store, and on the projector’s', async () => {
    const firm = await foundFirm(api);
    const poison = await appendUndigestible(projector, firm.firmId);
    expect((await raise(api, firm, 'Remote work on Fridays?')).errors).toBeUndefined();
    let body: any;
    for (let tries = 0; tries < 50; tries++) {
      body = (await health(api)).body;
      if (body.status === 'degraded') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(body).toMatchObject({
      status: 'degraded',
      poisonEvents: [{ projection: 'disagreements', position: poison.position, eventId: poison.eventId, attempts: 2, error: expect.stringContaining('null value in column "topic"') }],
    });
    const projectorUrl = `http://127.0.0.1:${(projector.getHttpServer().address() as { port: number }).port}`;
    const projectorHealth = await fetch(`${projectorUrl}/health`);
    expect(projectorHealth.status).toBe(200);
    expect(await projectorHealth.json()).toMatchObject({ status: 'degraded', role: 'projector', state: 'active', poisonEvents: [{ position: poison.position }] });
    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout).poisonEvents).toEqual(body.poisonEvents);
  });
});
