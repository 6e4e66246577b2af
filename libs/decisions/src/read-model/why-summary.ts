/** What the one-or-two-sentence story of a decision is told from. */
export interface WhyFacts {
  status: 'PROPOSED' | 'LOCKED' | 'SUPERSEDED';
  proposedAt: string;
  lockedAt: string | null;
  proposerName: string;
  /** Names of those who endorsed, in endorsement order. */
  endorserNames: string[];
  outcome: string;
  chosenAnswer: string;
  alternatives: string[];
  /** Days each resolved disagreement stayed (or, while proposed, has been) open. */
  resolvedOpenDays: number[];
  supersedesTitle: string | null;
  supersededBy: { title: string; at: string } | null;
}

/**
 * E.g. "Locked on 2026-03-02 by Ann and Bob to optimize for predictable revenue: chose “advisory only”
 * over “litigation”, resolving 2 disagreements open 12.5 days on average; supersedes “Old plan”."
 */
export function whySummary(facts: WhyFacts): string {
  const locked = facts.status !== 'PROPOSED';
  const head = locked
    ? `Locked on ${day(facts.lockedAt!)} by ${names(facts.endorserNames)}`
    : `Proposed on ${day(facts.proposedAt)} by ${facts.proposerName}`;
  const over = facts.alternatives.length > 0 ? ` over ${names(facts.alternatives.map(quoted))}` : '';
  const chose = `${locked ? 'chose' : 'would choose'} ${quoted(facts.chosenAnswer)}${over}`;
  const first = `${head} to optimize for ${bare(facts.outcome)}: ${chose}${resolving(facts, locked)}${superseding(facts, locked)}.`;
  if (facts.status === 'SUPERSEDED' && facts.supersededBy) {
    return `${first} Superseded on ${day(facts.supersededBy.at)} by ${quoted(facts.supersededBy.title)}.`;
  }
  if (!locked) {
    const endorsed = facts.endorserNames.length > 0 ? `Endorsed so far by ${names(facts.endorserNames)}` : 'Not endorsed yet';
    return `${first} ${endorsed}; not locked until every active partner endorses.`;
  }
  return first;
}

function resolving({ resolvedOpenDays: days }: WhyFacts, locked: boolean): string {
  if (days.length === 0) return '';
  const average = round1(days.reduce((sum, d) => sum + d, 0) / days.length);
  const what = days.length === 1 ? `1 disagreement open ${average} days` : `${days.length} disagreements open ${average} days on average`;
  return `, ${locked ? 'resolving' : 'to resolve'} ${what}`;
}

function superseding({ supersedesTitle }: WhyFacts, locked: boolean): string {
  if (supersedesTitle === null) return '';
  return `; ${locked ? 'supersedes' : 'would supersede'} ${quoted(supersedesTitle)}`;
}

/** "A", "A and B", "A, B and C". */
export function names(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? 'nobody';
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

const day = (iso: string) => iso.slice(0, 10);
const quoted = (text: string) => `“${bare(text)}”`;
/** Without the final full stop, so the sentence punctuates itself. */
const bare = (text: string) => text.trim().replace(/[.!]+$/, '');
const round1 = (value: number) => Math.round(value * 10) / 10;
