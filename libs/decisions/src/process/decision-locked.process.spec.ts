import { SqliteEventStore, type RecordedEvent } from '@accord/event-store';
import {
  decisionDecider,
  decisionStream,
  disagreementDecider,
  disagreementStream,
  type Actor,
  type DecisionCommand,
  type DisagreementCommand,
  type ProposeDecision,
} from '@accord/domain';
import { deterministicEventId, execute } from '@accord/platform';
import { DecisionLockedProcess } from './decision-locked.process';
import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';

const T = (day: number) => `2026-03-0${day}T09:00:00.000Z`;
const partner = (memberId: string): Actor => ({ kind: 'member', memberId, role: 'PARTNER' });
const PARTNERS = ['ada', 'ben'];

describe('decision-locked', () => {
  let temp: TempSqlite;
  let store: SqliteEventStore;
  let reaction: DecisionLockedProcess;

  beforeEach(async () => {
    temp = openTempSqlite('accord-locked-');
    store = temp.store;
    reaction = new DecisionLockedProcess(store);
    for (const id of ['g1', 'g2']) {
      await execute(store, {
        decider: disagreementDecider,
        stream: disagreementStream(id),
        firmId: 'f1',
        actor: partner('ada'),
        now: T(1),
        command: (): DisagreementCommand => ({
          type: 'RaiseDisagreement', disagreementId: id, firmId: 'f1', topic: `Topic ${id}`, layer: 'PEOPLE',
          positions: [{ memberId: 'ada', text: 'Yes' }], memberIds: PARTNERS, actor: partner('ada'), now: T(1),
        }),
      });
    }
  });
  afterEach(async () => {
    await temp.close();
  });

  const read = async (stream: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(stream)) events.push(event);
    return events;
  };
  const send = (decisionId: string, command: DecisionCommand, now: string) =>
    execute(store, { decider: decisionDecider, stream: decisionStream(decisionId), firmId: 'f1', actor: command.actor, now, command: () => command });

  /** Proposes and locks a decision; returns its DecisionLocked event. */
  async function lock(decisionId: string, links: { resolves?: string[]; supersedes?: string }, day: number): Promise<RecordedEvent> {
    const proposal: ProposeDecision = {
      type: 'ProposeDecision', decisionId, firmId: 'f1', title: `Decision ${decisionId}`, outcome: 'Margins', chosenAnswer: 'Fixed fees',
      alternatives: [], rationale: 'Because', layer: 'VISION', questionKey: null, resolves: links.resolves ?? [], supersedes: links.supersedes ?? null,
      context: {
        firmId: 'f1', questionKeys: [],
        disagreements: { g1: { firmId: 'f1', status: 'OPEN' }, g2: { firmId: 'f1', status: 'OPEN' } },
        ...(links.supersedes ? { superseded: { firmId: 'f1', status: 'LOCKED' as const } } : {}),
      },
      actor: partner('ada'), now: T(day),
    };
    await send(decisionId, proposal, T(day));
    for (const memberId of PARTNERS) {
      await send(decisionId, { type: 'EndorseDecision', activePartnerIds: PARTNERS, actor: partner(memberId), now: T(day) }, T(day));
    }
    return (await read(decisionStream(decisionId))).at(-1)!;
  }

  it('resolves the disagreements the decision names, as the system at the lock, once', async () => {
    const locked = await lock('d1', { resolves: ['g1', 'g2'] }, 2);
    await reaction.react(locked);
    await reaction.react(locked);
    for (const id of ['g1', 'g2']) {
      const resolved = (await read(disagreementStream(id))).filter((e) => e.type === 'DisagreementResolved');
      expect(resolved).toHaveLength(1);
      expect(resolved[0]).toMatchObject({
        id: deterministicEventId(locked.id, `resolve:${id}`),
        data: { disagreementId: id, decisionId: 'd1', resolvedAt: T(2) },
        metadata: { actor: 'system', causationId: locked.id, occurredAt: T(2) },
      });
    }
  });

  it('supersedes the decision it replaces', async () => {
    await reaction.react(await lock('d1', {}, 2));
    const locked = await lock('d2', { supersedes: 'd1' }, 3);
    await reaction.react(locked);
    await reaction.react(locked);
    const superseded = (await read(decisionStream('d1'))).filter((e) => e.type === 'DecisionSuperseded');
    expect(superseded).toHaveLength(1);
    expect(superseded[0]).toMatchObject({ id: deterministicEventId(locked.id, 'supersede'), data: { decisionId: 'd1', supersededBy: 'd2', at: T(3) } });
  });

  it('is done when another decision superseded it first', async () => {
    await lock('d1', {}, 2);
    const second = await lock('d2', { supersedes: 'd1' }, 3);
    const third = await lock('d3', { supersedes: 'd1' }, 4);
    await reaction.react(second);
    await expect(reaction.react(third)).resolves.toBeUndefined();
    const superseded = (await read(decisionStream('d1'))).filter((e) => e.type === 'DecisionSuperseded');
    expect(superseded.map((e) => (e.data as { supersededBy: string }).supersededBy)).toEqual(['d2']);
  });
});
