/**
 * Conflict debt over time: the instants to sample and the one aliased query that asks for them all.
 * One round trip instead of sixteen, and the server's alias limit (20) is kept with room to spare.
 */

/** At most this many samples: enough for a readable line, well under the server's alias limit. */
export const MAX_SAMPLES = 16;

/**
 * `count` instants evenly spaced from `from` to `to`, both included, as ISO strings. A firm founded
 * this instant (or a clock behind the founding) gives the one instant `to`.
 */
export function debtInstants(from: string, to: string, count = MAX_SAMPLES): string[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError(`not a date: ${Number.isNaN(start) ? from : to}`);
  const samples = Math.max(1, Math.min(MAX_SAMPLES, Math.floor(count)));
  if (end <= start || samples === 1) return [new Date(end).toISOString()];
  const step = (end - start) / (samples - 1);
  // The last one is `end` itself, not start + 15 steps, so rounding never moves it past "now".
  return Array.from({ length: samples }, (_, index) => new Date(index === samples - 1 ? end : Math.round(start + index * step)).toISOString());
}

/** `query DebtHistory($firmId: ID!, $t0: DateTime!, …) { d0: conflictDebt(firmId: $firmId, asOf: $t0) { asOf total openCount } … }` */
export function debtHistoryQuery(samples: number): string {
  const indexes = Array.from({ length: samples }, (_, index) => index);
  const variables = indexes.map((index) => `$t${index}: DateTime!`).join(', ');
  const fields = indexes.map((index) => `d${index}: conflictDebt(firmId: $firmId, asOf: $t${index}) { asOf total openCount }`).join(' ');
  return `query DebtHistory($firmId: ID!, ${variables}) { ${fields} }`;
}

export function debtHistoryVariables(firmId: string, instants: readonly string[]): Record<string, string> {
  return Object.fromEntries([['firmId', firmId], ...instants.map((instant, index) => [`t${index}`, instant])]);
}

export interface DebtSample {
  asOf: string;
  total: number;
  openCount: number;
}

/** The aliased answer back in time order. */
export function debtSamples(data: Record<string, DebtSample> | undefined, samples: number): DebtSample[] {
  if (!data) return [];
  return Array.from({ length: samples }, (_, index) => data[`d${index}`]).filter((sample): sample is DebtSample => Boolean(sample));
}
