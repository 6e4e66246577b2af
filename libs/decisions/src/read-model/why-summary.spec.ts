import { names, whySummary, type WhyFacts } from './why-summary';

const locked: WhyFacts = {
  status: 'LOCKED',
  proposedAt: '2026-03-01T10:00:00.000Z',
  lockedAt: '2026-03-02T09:00:00.000Z',
  proposerName: 'Ann',
  endorserNames: ['Ann', 'Bob'],
  outcome: 'Predictable advisory revenue.',
  chosenAnswer: 'Advisory only',
  alternatives: ['Litigation', 'Both'],
  resolvedOpenDays: [10, 15],
  supersedesTitle: 'Old plan',
  supersededBy: null,
};

describe('the why summary', () => {
  it('tells who locked it, for which outcome, over what, resolving what, replacing what', () =>
    expect(whySummary(locked)).toBe(
      'Locked on 2026-03-02 by Ann and Bob to optimize for Predictable advisory revenue: chose “Advisory only” over “Litigation” and “Both”, ' +
        'resolving 2 disagreements open 12.5 days on average; supersedes “Old plan”.',
    ));

  it('leaves out what did not happen', () =>
    expect(whySummary({ ...locked, alternatives: [], resolvedOpenDays: [], supersedesTitle: null })).toBe(
      'Locked on 2026-03-02 by Ann and Bob to optimize for Predictable advisory revenue: chose “Advisory only”.',
    ));

  it('says a proposal is not locked yet and who endorsed it so far', () =>
    expect(whySummary({ ...locked, status: 'PROPOSED', lockedAt: null, endorserNames: ['Bob'], resolvedOpenDays: [3.25], supersedesTitle: null })).toBe(
      'Proposed on 2026-03-01 by Ann to optimize for Predictable advisory revenue: would choose “Advisory only” over “Litigation” and “Both”, ' +
        'to resolve 1 disagreement open 3.3 days. Endorsed so far by Bob; not locked until every active partner endorses.',
    ));

  it('names the decision that superseded it', () =>
    expect(whySummary({ ...locked, status: 'SUPERSEDED', supersededBy: { title: 'New plan', at: '2026-05-01T00:00:00.000Z' } })).toMatch(
      /; supersedes “Old plan”\. Superseded on 2026-05-01 by “New plan”\.$/,
    ));

  it('lists names the way people write them', () => {
    expect(names(['A'])).toBe('A');
    expect(names(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
