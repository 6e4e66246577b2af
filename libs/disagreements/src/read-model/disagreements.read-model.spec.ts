import type { RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { ManualClock } from '@accord/platform';
import type { DisagreementEvent } from '@accord/domain';
import type { FirmsQueries, MemberRow } from '@accord/firms';
import { DisagreementsProjection } from './disagreements.projection';
import { DisagreementsQueries } from './disagreements.queries';
import { DisagreementsView } from './disagreements.view';
import { createTables } from '@accord/projections/testing/temp-sqlite';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';

const T = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const member = (id: string): MemberRow => ({ id, firmId: 'f1', name: id.toUpperCase(), role: 'PARTNER', active: true, joinedAt: T(1) });
const firms = { membersById: async (ids: readonly string[]) => new Map(ids.map((id) => [id, member(id)])) } as unknown as FirmsQueries;

describeEachReadStore('the disagreements read model', (kind) => {
  let temp: TempStores;
  let readStore: ReadStore;
  let view: DisagreementsView;
  let position = 0;
  const clock = new ManualClock(T(11));
  const projection = new DisagreementsProjection();

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-disagreements-');
    readStore = temp.readStore;
    await createTables(readStore, projection);
    view = new DisagreementsView(new DisagreementsQueries(readStore), firms, clock);
    await given(
      raised('g1', 'VISION', 1),
      raised('g2', 'TECHNOLOGY', 3),
      { type: 'DisagreementDeferred', data: { disagreementId: 'g2', reason: 'After the audit', deferredBy: 'fay', at: T(4) } },
      { type: 'DisagreementResolved', data: { disagreementId: 'g1', decisionId: 'd1', resolvedAt: T(6) } },
    );
  });
  afterEach(async () => {
    await temp.close();
  });

  const given = (...events: DisagreementEvent[]) =>
    readStore.transaction(async (tx) => {
      for (const { type, data } of events) {
        position += 1;
        await projection.handle({ id: `e${position}`, type, data, position } as unknown as RecordedEvent, tx);
      }
    });
  function raised(id: string, layer: 'VISION' | 'TECHNOLOGY', day: number): DisagreementEvent {
    return {
      type: 'DisagreementRaised',
      data: { disagreementId: id, firmId: 'f1', topic: `Topic ${id}`, layer, positions: [{ memberId: 'ada', text: 'Yes' }, { memberId: 'ben', text: 'No' }], raisedBy: 'ada', raisedAt: T(day) },
    };
  }

  it('shows positions with their members, deferral reasons, and days open until resolved or now', async () => {
    const [g1, g2] = await view.byIds(['g1', 'g2']);
    expect(g1).toMatchObject({ status: 'RESOLVED', resolvedAt: T(6), resolvedByDecisionId: 'd1', openDays: 5, deferrals: [] });
    expect(g1.positions).toEqual([{ member: expect.objectContaining({ id: 'ada', name: 'ADA' }), text: 'Yes' }, { member: expect.objectContaining({ id: 'ben' }), text: 'No' }]);
    expect(g2).toMatchObject({ status: 'DEFERRED', deferrals: ['After the audit'], openDays: 8, resolvedAt: null });
  });

  it('computes conflict debt from the recorded times, as of any instant', async () => {
    const now = await view.conflictDebt('f1');
    expect(now).toMatchObject({ asOf: T(11), total: 8, openCount: 1, paid: [expect.objectContaining({ ageDays: 5, debt: 20 })] });
    const before = await view.conflictDebt('f1', T(5));
    expect(before).toMatchObject({ total: 4 * 4 + 2 * 1, openCount: 2, paid: [] });
    expect(before.items.map((item) => item.disagreement.id)).toEqual(['g1', 'g2']);
  });
});
