import type { RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import type { FirmEvent } from '@accord/domain';
import { createTables } from '@accord/projections/testing/temp-sqlite';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';
import { FirmsProjection } from './firms.projection';
import { FirmsQueries } from './firms.queries';

const T = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;

describeEachReadStore('the firms read model', (kind) => {
  let temp: TempStores;
  let readStore: ReadStore;
  let queries: FirmsQueries;
  let position = 0;
  const projection = new FirmsProjection();

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-firms-');
    readStore = temp.readStore;
    await createTables(readStore, projection);
    queries = new FirmsQueries(readStore);
    await given(
      {
        type: 'FirmFounded',
        data: {
          firmId: 'f1', name: 'Acme', kind: 'LAW', foundedAt: T(1), cadenceDays: 90,
          founder: { memberId: 'ada', name: 'Ada', tokenHash: 'hash-ada' }, questions: [{ key: 'q', prompt: 'Why?' }],
        },
      },
      { type: 'MemberJoined', data: { firmId: 'f1', memberId: 'ben', name: 'Ben', role: 'PARTNER', tokenHash: 'hash-ben', joinedAt: T(2) } },
      { type: 'MemberJoined', data: { firmId: 'f1', memberId: 'cy', name: 'Cy', role: 'VIEWER', tokenHash: 'hash-cy', joinedAt: T(3) } },
      { type: 'MemberLeft', data: { firmId: 'f1', memberId: 'ben' } },
      { type: 'VagueWordsDefined', data: { firmId: 'f1', words: ['synergy'] } },
    );
  });
  afterEach(async () => {
    await temp.close();
  });

  const given = (...events: FirmEvent[]) =>
    readStore.transaction(async (tx) => {
      for (const { type, data } of events) {
        position += 1;
        await projection.handle({ id: `e${position}`, type, data, position } as unknown as RecordedEvent, tx);
      }
    });

  it('keeps the firm with its questions and vague words', async () => {
    expect(await queries.firm('f1')).toEqual({
      id: 'f1', name: 'Acme', kind: 'LAW', foundedAt: T(1), cadenceDays: 90,
      questions: [{ key: 'q', prompt: 'Why?' }], vagueWords: ['synergy'], lastCheckClosedAt: null,
    });
    expect(await queries.firm('nope')).toBeNull();
  });

  it('lists active members in joining order, and former ones only when asked', async () => {
    expect((await queries.members('f1')).map((m) => [m.id, m.active])).toEqual([['ada', true], ['cy', true]]);
    expect((await queries.members('f1', true)).map((m) => [m.id, m.active])).toEqual([['ada', true], ['ben', false], ['cy', true]]);
    expect(await queries.member('cy')).toEqual({ id: 'cy', firmId: 'f1', name: 'Cy', role: 'VIEWER', active: true, joinedAt: T(3) });
  });

  it('signs in active members by token hash only', async () => {
    expect(await queries.findByTokenHash('hash-ada')).toEqual({ memberId: 'ada', firmId: 'f1', name: 'Ada', role: 'PARTNER' });
    expect(await queries.findByTokenHash('hash-ben')).toBeNull();
  });

  it('signs in with a rotated token only, and with none once it is revoked', async () => {
    await given({ type: 'MemberTokenRotated', data: { firmId: 'f1', memberId: 'cy', tokenHash: 'hash-cy-2', rotatedAt: T(4) } });
    expect(await queries.findByTokenHash('hash-cy')).toBeNull();
    expect(await queries.findByTokenHash('hash-cy-2')).toMatchObject({ memberId: 'cy' });
    await given({ type: 'MemberTokenRevoked', data: { firmId: 'f1', memberId: 'cy', revokedAt: T(5) } });
    expect(await queries.findByTokenHash('hash-cy-2')).toBeNull();
    expect(await queries.member('cy')).toMatchObject({ active: true });
  });

  it('tells which token hashes an active member still holds, and their role now, in one call', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => `unknown-${i}`);
    expect(await queries.rolesOfTokenHashes(['hash-ada', 'hash-ben', 'hash-cy', ...many])).toEqual(new Map([['hash-ada', 'PARTNER'], ['hash-cy', 'VIEWER']]));
    expect(await queries.rolesOfTokenHashes([])).toEqual(new Map());
  });
});
