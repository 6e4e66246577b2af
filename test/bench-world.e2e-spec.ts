import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { OverdueSchedule } from '@accord/drift';
import { checkDecider, type CheckCommand, type CheckEvent, type CheckState, type Decider } from '@accord/domain';
import { SqliteEventStore } from '@accord/event-store';
import { generateWorld, memoisedCheckDecider, seedWorld, type WorldFirm } from '../bench/support/world';
import { postGraphql, startApiServer, type ApiServer } from './support/api-server';

// The benchmarks' world generator writes events the way the API would: what the memoised check decider
// decides equals the plain decider, and a server running every projection and process manager over a
// seeded log finds nothing to add, no poison, and intact chains.
describe('benchmark world generator', () => {
  it('decides with the memoised check decider exactly what the plain decider decides', () => {
    const memo = memoisedCheckDecider();
    let compared = 0;
    const both: Decider<CheckCommand, CheckEvent, CheckState> = {
      ...checkDecider,
      decide(command, state) {
        const plain = checkDecider.decide(command, state);
        expect(memo.decide(command, state)).toEqual(plain);
        compared++;
        return plain;
      },
    };
    let events = 0;
    for (const append of generateWorld({ firms: 6, quarters: 4, seed: 7, checkDecider: both })) events += append.events.length;
    expect(compared).toBeGreaterThan(6 * 4 * 12);
    expect(events).toBeGreaterThan(6 * 4 * 20);
  });

  describe('a seeded log served by the real API', () => {
    let dir: string;
    let server: ApiServer;
    let firms: WorldFirm[];
    let seeded: number;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'accord-world-'));
      const path = join(dir, 'accord.db');
      const store = SqliteEventStore.open({ path });
      ({ firms, events: seeded } = await seedWorld(store, { firms: 4, quarters: 3, seed: 11, openLastQuarter: true }));
      await store.close();
      server = await startApiServer({ ACCORD_EVENT_STORE: `sqlite:${path}` });
    });
    afterAll(async () => {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('projects every event, and the process managers add nothing: the generator already wrote their events', async () => {
      let health: any;
      for (let i = 0; i < 100; i++) {
        health = await (await fetch(`${server.httpUrl}/health`)).json();
        const caughtUp = [...health.projections, ...health.processManagers].every((p: any) => (p.checkpoint ?? p.position) === seeded);
        if (caughtUp) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(health.headPosition).toBe(seeded);
      expect(health.status).toBe('ok');
      expect(health.projections.map((p: any) => p.checkpoint)).toEqual(health.projections.map(() => seeded));
      expect(health.processManagers.map((p: any) => p.position)).toEqual(health.processManagers.map(() => seeded));
    });

    it('leaves no firm overdue: the overdue scan appends nothing', async () => {
      expect(await server.app.get(OverdueSchedule).tick()).toBe(0);
      const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { headPosition: number };
      expect(health.headPosition).toBe(seeded);
    });

    it('answers with the generated tokens, chains verified, the open quarter left open', async () => {
      for (const firm of firms) {
        const auditor = firm.members.find((m) => m.role === 'AUDITOR')!;
        const partner = firm.members.find((m) => m.role === 'PARTNER')!;
        const verified = await postGraphql<any>(server, 'query($f: ID!) { verifyIntegrity(firmId: $f) { ok } }', { f: firm.firmId }, auditor.token);
        expect(verified).toEqual({ data: { verifyIntegrity: { ok: true } } });
        const proposed = await postGraphql<any>(server, 'query($d: ID!) { decision(id: $d) { status } }', { d: firm.proposedDecisionId }, partner.token);
        expect(proposed.data.decision.status).toBe('PROPOSED');
        const locked = await postGraphql<any>(server, 'query($d: ID!) { decision(id: $d) { status } }', { d: firm.decisionIds.at(-2) }, partner.token);
        expect(locked.data.decision.status).toBe('LOCKED');
        const first = await postGraphql<any>(server, 'query($d: ID!) { decision(id: $d) { status } }', { d: firm.decisionIds[0] }, partner.token);
        expect(first.data.decision.status).toBe('SUPERSEDED');
      }
    });
  });
});
