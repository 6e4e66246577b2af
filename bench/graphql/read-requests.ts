import type { WorldFirm } from '../support/world';
import { prng } from '../support/helpers';
import type { LoadRequest } from './load';

/**
 * "Why did we decide this?" as a client asks it (DESIGN.md, `Decision.why`): rationale and outcome,
 * the alternatives rejected, who proposed, who endorsed and when, the disagreements resolved with
 * every position and how long each stayed open, the checks where they were given, and the
 * decision it superseded.
 */
export const WHY_QUERY = `query Why($id: ID!) {
  decision(id: $id) {
    id title status layer questionKey proposedAt lockedAt
    proposedBy { id name role }
    why {
      summary outcome rationale alternatives
      endorsements { at member { id name role } }
      resolved { id topic layer status raisedAt resolvedAt questionKey deferrals positions { text member { id name } } }
      checks { id status openedAt closedAt score verdict }
      supersedes { id title outcome chosenAnswer lockedAt }
    }
  }
}`;

/** The firm's conflict debt with its open items and what was paid. */
export const DEBT_QUERY = `query Debt($firmId: ID!) {
  conflictDebt(firmId: $firmId) {
    firmId asOf total openCount oldestOpenDays
    items { ageDays weight debt disagreement { id topic layer status raisedAt } }
    paid { ageDays weight debt disagreement { id topic resolvedAt } }
  }
}`;

/** Every member of every firm reads: partners, facilitator, auditor, in a seeded random order. */
function readerOf(firm: WorldFirm, random: () => number): string {
  return firm.members[Math.floor(random() * firm.members.length)].token;
}

/** One request per decision of the world (10,000 at full size), shuffled so consecutive requests hit different firms and decisions. */
export function whyRequests(firms: readonly WorldFirm[], seed = 61): LoadRequest[] {
  const random = prng(seed);
  const requests: LoadRequest[] = [];
  for (const firm of firms) {
    for (const id of firm.decisionIds) {
      const expected = `"decision":{"id":"${id}"`;
      requests.push({
        body: JSON.stringify({ query: WHY_QUERY, variables: { id } }),
        token: readerOf(firm, random),
        verify: (body) => (body.includes(expected) ? null : 'not the decision asked for'),
      });
    }
  }
  return shuffle(requests, random);
}

/** Several requests per firm (each with another member's token), shuffled. */
export function debtRequests(firms: readonly WorldFirm[], perFirm = 3, seed = 67): LoadRequest[] {
  const random = prng(seed);
  const requests: LoadRequest[] = [];
  for (const firm of firms) {
    const expected = `"firmId":"${firm.firmId}"`;
    for (let i = 0; i < perFirm; i++) {
      requests.push({
        body: JSON.stringify({ query: DEBT_QUERY, variables: { firmId: firm.firmId } }),
        token: readerOf(firm, random),
        verify: (body) => (body.includes(expected) ? null : 'not the firm asked for'),
      });
    }
  }
  return shuffle(requests, random);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** An endless round-robin over `requests`. */
export function cycle<T>(requests: readonly T[]): () => T {
  let next = 0;
  return () => requests[next++ % requests.length];
}
