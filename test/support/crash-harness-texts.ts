import type { Rng } from './crash-harness-rng';

/**
 * Concrete phrases (never only abstract words, which the server refuses as VAGUE_ANSWER) that the
 * workload combines into answers, topics, reasons and decisions. Small pools, so partners often
 * give the same answer and checks end in every verdict.
 */
const ANSWERS: Record<string, readonly string[]> = {
  client_outcome: [
    'Clients stop worrying about cross-border tax exposure',
    'Clients stop worrying about missed filing deadlines',
    'Clients stop worrying about who inherits the family shares',
    'Clients stop worrying about payroll errors in three countries',
    'Clients stop worrying about the next regulatory audit',
  ],
  optimizing_for: [
    'Recurring advisory fees from family businesses',
    'Three large transaction mandates this year',
    'Retainers with mid-sized manufacturers in the region',
    'Partner hours spent on advice rather than paperwork',
    'Fewer clients paying twice the fees',
  ],
  refuse_to_do: [
    'We refuse fixed-fee litigation',
    'We refuse audits of companies we also advise',
    'We refuse clients who pay after ninety days',
    'We refuse work outside the European Union',
    'We refuse pro bono work beyond ten days a year',
  ],
};

const TOPICS = [
  'Whether to open a second office in Rotterdam',
  'Who we hire next: a senior tax partner or two juniors',
  'Moving every client file to the new document system',
  'Dropping hourly billing for the smallest clients',
  'How many weeks a year partners spend on business development',
  'Whether to merge with the accounting firm across the street',
];

const REASONS = [
  'Wait until the quarterly revenue numbers are in',
  'One partner is on parental leave until March',
  'Revisit after the office lease is renewed',
  'Ask the two largest clients first',
];

const LAYERS = ['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY'] as const;

export const DEFAULT_QUESTION_KEYS = Object.keys(ANSWERS);

/** An answer to `key`; `differentFrom` is never returned, so a revision always changes the text. */
export function answerText(rng: Rng, key: string, differentFrom?: string): string {
  // Own keys only: the fuzzer defines question keys such as "constructor", which a plain lookup
  // would answer with Object.prototype's function.
  const pool = Object.hasOwn(ANSWERS, key) ? ANSWERS[key] : ANSWERS.client_outcome;
  const choices = pool.filter((text) => text !== differentFrom);
  return rng.pick(choices);
}

export function topic(rng: Rng): string {
  return rng.pick(TOPICS);
}

/** A reason with a number in it, so each deferral can be told apart in the log. */
export function deferReason(rng: Rng): string {
  return `${rng.pick(REASONS)} (note ${rng.int(1, 1_000_000)})`;
}

export function layer(rng: Rng): (typeof LAYERS)[number] {
  return rng.pick(LAYERS);
}

export function firmName(rng: Rng, n: number): string {
  return `${rng.pick(['Harbor', 'Reed', 'Shah', 'Alvarez', 'Okafor', 'Lindqvist'])} & ${rng.pick(['Partners', 'Associates', 'Advisory', 'Co'])} ${n}`;
}

export function personName(rng: Rng): string {
  return `${rng.pick(['Maya', 'Daniel', 'Priya', 'Tom', 'Ines', 'Kwame', 'Sofia', 'Lars'])} ${rng.pick(['Harbor', 'Reed', 'Shah', 'Alvarez', 'Okafor', 'Lindqvist'])}`;
}

export function decisionInput(rng: Rng, questionKey: string | null) {
  const chosen = questionKey ? answerText(rng, questionKey) : topic(rng);
  return {
    title: questionKey ? `What we settle on for ${questionKey.replace(/_/g, ' ')}` : `Decision on: ${topic(rng)}`,
    outcome: rng.pick(['Predictable income that outlives the founders', 'Fewer weekend hours for every partner', 'Two new family-business clients a quarter']),
    chosenAnswer: chosen,
    alternatives: rng.chance(0.8) ? [answerText(rng, questionKey ?? 'client_outcome', chosen)] : [],
    rationale: rng.pick(['Two thirds of last year\u2019s fees came from this work.', 'The largest clients asked for it twice this year.', 'It costs one partner day a week less.']),
    layer: questionKey ? 'VISION' : layer(rng),
    questionKey,
  };
}
