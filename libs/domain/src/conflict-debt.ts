/*
 * Conflict debt (DESIGN.md rule 7), as of any instant, past or future.
 *
 * A disagreement raised after `asOf` does not exist yet. One still open at `asOf` (never
 * resolved, or resolved later) accrues debt = age in days × its layer's weight, and the firm's
 * total is the sum over those. One resolved at or before `asOf` is "paid": it keeps its final
 * age (resolvedAt − raisedAt) and debt but no longer counts in the total.
 * Days are fractional (milliseconds / 86,400,000). ageDays is rounded to 4 decimals, debt is
 * that rounded age × weight, and the total is the sum of the lines, so it adds up to what is shown.
 */
import type { Layer } from './shared/vocabulary';

/** Debt per day by layer: a fracture high up cascades through every layer below it. */
export const LAYER_WEIGHTS: Record<Layer, number> = { VISION: 4, PEOPLE: 3, PROCESS: 2, TECHNOLOGY: 1 };

const MS_PER_DAY = 86_400_000;

/** A disagreement as conflict debt needs it; instants are ISO-8601 strings. */
export interface DebtInput {
  id: string;
  layer: Layer;
  raisedAt: string;
  resolvedAt: string | null;
}

/** One disagreement's age, layer weight and debt. */
export interface DebtLine {
  id: string;
  ageDays: number;
  weight: number;
  debt: number;
}

/** A firm's conflict debt: open disagreements in `items` (highest debt first), resolved ones in `paid`. */
export interface ConflictDebt {
  asOf: string;
  total: number;
  openCount: number;
  oldestOpenDays: number | null;
  items: DebtLine[];
  paid: DebtLine[];
}

/** A firm's conflict debt as of an instant; `asOf` is returned as a normalized ISO string. */
export function conflictDebt(disagreements: readonly DebtInput[], asOf: string): ConflictDebt {
  const now = instant(asOf, 'asOf');
  const items: DebtLine[] = [];
  const paid: DebtLine[] = [];
  for (const disagreement of disagreements) {
    const raisedAt = instant(disagreement.raisedAt, `raisedAt of ${disagreement.id}`);
    if (raisedAt > now) continue;
    const resolvedAt =
      disagreement.resolvedAt === null ? null : instant(disagreement.resolvedAt, `resolvedAt of ${disagreement.id}`);
    if (resolvedAt !== null && resolvedAt <= now) paid.push(lineOf(disagreement, resolvedAt - raisedAt));
    else items.push(lineOf(disagreement, now - raisedAt));
  }
  items.sort(byDebtThenId);
  paid.sort(byDebtThenId);
  return {
    asOf: new Date(now).toISOString(),
    total: round4(items.reduce((sum, line) => sum + line.debt, 0)),
    openCount: items.length,
    oldestOpenDays: items.reduce<number | null>((oldest, line) => Math.max(oldest ?? 0, line.ageDays), null),
    items,
    paid,
  };
}

function instant(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a date: ${JSON.stringify(value)}`);
  return ms;
}

// A clock skewed between raising and resolving never makes debt negative.
function lineOf({ id, layer }: DebtInput, ageMs: number): DebtLine {
  const ageDays = round4(Math.max(0, ageMs) / MS_PER_DAY);
  const weight = LAYER_WEIGHTS[layer];
  return { id, ageDays, weight, debt: round4(ageDays * weight) };
}

function byDebtThenId(a: DebtLine, b: DebtLine): number {
  if (a.debt !== b.debt) return b.debt - a.debt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
