import { randomUUID } from 'node:crypto';
import { disagreementDecider, disagreementStream, type Layer } from '../../libs/domain/src';
import { NO_STREAM, newEventId, type SqliteEventStore } from '../../libs/event-store/src';
import { gql } from '../support/bench-server';
import { prng } from '../support/helpers';
import type { WorldFirm, WorldMember } from '../support/world';
import type { Probe } from './interleave';

/** The conflict-debt query of `graphql-read` (a firm's dashboard): open items and paid ones with their disagreements. */
export const CONFLICT_DEBT = `query($firmId: ID!) {
  conflictDebt(firmId: $firmId) {
    firmId asOf total openCount oldestOpenDays
    items { ageDays weight debt disagreement { id topic layer status raisedAt } }
    paid { ageDays weight debt disagreement { id topic resolvedAt } }
  }
}`;

const RAISE = `mutation($firmId: ID!, $input: RaiseDisagreementInput!) {
  raiseDisagreement(firmId: $firmId, input: $input) { id status raisedAt positions { member { id } text } }
}`;

const TOPICS = ['Do we bill travel time?', 'Who owns the client relationship?', 'Remote Fridays for juniors?', 'Do we pitch for public tenders?'];
const LAYERS: Layer[] = ['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY'];

/** Firms drawn at random over the whole store (seeded), so a large store is read all over, as many firms would. */
function firmPicker(firms: readonly WorldFirm[], seed: number): () => WorldFirm {
  const random = prng(seed);
  return () => firms[Math.floor(random() * firms.length)];
}

const partnersOf = (firm: WorldFirm): WorldMember[] => firm.members.filter((m) => m.role === 'PARTNER');

function fail(what: string, errors: unknown): never {
  throw new Error(`growth: ${what} failed: ${JSON.stringify(errors).slice(0, 500)}`);
}

/** `conflictDebt` of a random firm, read by a random member of it; the answer is checked. */
export function conflictDebtProbe(httpUrl: string, firms: readonly WorldFirm[], seed: number): Probe & { rows: number[] } {
  const pick = firmPicker(firms, seed);
  const random = prng(seed + 1);
  const rows: number[] = [];
  const probe = async () => {
    const firm = pick();
    const reader = firm.members[Math.floor(random() * firm.members.length)];
    const result = await gql(httpUrl, CONFLICT_DEBT, { firmId: firm.firmId }, reader.token);
    const debt = result.data?.conflictDebt;
    if (result.errors?.length || !debt) fail('conflictDebt', result.errors);
    rows.push(debt.items.length + debt.paid.length);
  };
  return Object.assign(probe, { rows });
}

/** `raiseDisagreement` end to end (appended with synchronous=FULL, projected, read back) by a random firm's facilitator. */
export function raiseDisagreementProbe(httpUrl: string, firms: readonly WorldFirm[], seed: number): Probe {
  const pick = firmPicker(firms, seed);
  return async (n) => {
    const firm = pick();
    const facilitator = firm.members.find((m) => m.role === 'FACILITATOR')!;
    const [a, b] = partnersOf(firm);
    const input = {
      topic: TOPICS[n % TOPICS.length],
      layer: LAYERS[n % LAYERS.length],
      positions: [
        { memberId: a.memberId, text: 'Yes, from the next engagement' },
        { memberId: b.memberId, text: 'Only once the client agrees' },
      ],
    };
    const result = await gql(httpUrl, RAISE, { firmId: firm.firmId, input }, facilitator.token);
    if (result.errors?.length || result.data?.raiseDisagreement?.status !== 'OPEN') fail('raiseDisagreement', result.errors);
  };
}

/**
 * The event store's own single-event append (one transaction, `store`'s durability): a
 * `DisagreementRaised` decided by the domain for a random firm, to a new stream, as
 * `raiseDisagreement` appends it. A valid event, so a server opened on the store later projects it.
 */
export function storeAppendProbe(store: SqliteEventStore, firms: readonly WorldFirm[], seed: number): Probe {
  const pick = firmPicker(firms, seed);
  return async (n) => {
    const firm = pick();
    const facilitator = firm.members.find((m) => m.role === 'FACILITATOR')!;
    const [a, b] = partnersOf(firm);
    const disagreementId = randomUUID();
    const now = new Date().toISOString();
    const actor = { kind: 'member' as const, memberId: facilitator.memberId, role: 'FACILITATOR' as const };
    const events = disagreementDecider.decide(
      {
        type: 'RaiseDisagreement', disagreementId, firmId: firm.firmId, topic: TOPICS[n % TOPICS.length], layer: LAYERS[n % LAYERS.length],
        positions: [{ memberId: a.memberId, text: 'Yes' }, { memberId: b.memberId, text: 'No' }],
        memberIds: firm.members.map((m) => m.memberId), actor, now,
      },
      disagreementDecider.initialState(),
    );
    await store.append(
      disagreementStream(disagreementId),
      events.map((event) => ({
        id: newEventId(),
        type: event.type,
        data: event.data,
        metadata: { actor: facilitator.memberId, firmId: firm.firmId, occurredAt: now, correlationId: randomUUID() },
      })),
      { expectedRevision: NO_STREAM },
    );
  };
}
