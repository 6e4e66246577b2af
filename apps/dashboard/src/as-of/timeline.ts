/**
 * The as-of slider's arithmetic, kept out of React so it can be tested without a DOM. The slider's value
 * is a step index from the firm's founding (0) to "now" (`steps`), not a timestamp: a range input snaps
 * its value to min + k × step, so a timestamp max that is not on a step could never be reached.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface Timeline {
  /** The firm's founding, ms. */
  min: number;
  /** The server's now, ms (never the browser's: tests and skewed clocks differ). */
  max: number;
  /** Milliseconds per slider step. */
  step: number;
  /** Index of the last step: the slider's max. */
  steps: number;
}

/** An hour per step for two months, a day for four years, a week beyond: always ≤ ~1,500 steps. */
export function stepFor(spanMs: number): number {
  if (spanMs <= 60 * DAY) return HOUR;
  if (spanMs <= 4 * 365 * DAY) return DAY;
  return 7 * DAY;
}

export function timeline(minIso: string, maxIso: string): Timeline {
  const min = Date.parse(minIso);
  const max = Math.max(min, Date.parse(maxIso));
  const step = stepFor(max - min);
  return { min, max, step, steps: Math.ceil((max - min) / step) };
}

/** The instant a slider position stands for; the last position is exactly now. */
export function instantAt(line: Timeline, index: number): number {
  if (index >= line.steps) return line.max;
  return Math.max(line.min, line.min + Math.round(index) * line.step);
}

/** The slider position nearest to an instant (clamped to the range). */
export function indexOf(line: Timeline, instant: number): number {
  if (instant >= line.max) return line.steps;
  if (instant <= line.min) return 0;
  return Math.min(line.steps, Math.round((instant - line.min) / line.step));
}

export function clamp(line: Timeline, instant: number): number {
  return Math.min(line.max, Math.max(line.min, instant));
}

/** `?at=` → ms, or null for "now" (absent or unreadable). */
export function parseAt(at: string | null): number | null {
  if (!at) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
}

/** The value of a `datetime-local` input for an instant, in the browser's zone, to the minute. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local zone) → ms, or null while it is incomplete. */
export function fromLocalInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const ms = new Date(y, mo - 1, d, h, mi, s || 0).getTime();
  return Number.isNaN(ms) ? null : ms;
}

export interface Mark {
  at: number;
  kind: 'check' | 'decision';
  /** "Check closed (Friction 2/3)", "Decision “Focus on retainers” locked". */
  label: string;
  /** What the jump button links to, for a stable React key. */
  id: string;
}

export interface ClosedCheck {
  checkId: string;
  closedAt: string;
  verdict: string;
  score: number;
  outOf: number;
}

export interface LockedDecision {
  id: string;
  title: string;
  lockedAt: string | null;
}

/** Instants worth landing on, oldest first: checks closed and decisions locked within the range. */
export function marksFrom(checks: readonly ClosedCheck[], decisions: readonly LockedDecision[], line: Timeline): Mark[] {
  const marks: Mark[] = [
    ...checks.map((check) => ({
      at: Date.parse(check.closedAt),
      kind: 'check' as const,
      label: `Check closed (${check.verdict.charAt(0)}${check.verdict.slice(1).toLowerCase()} ${check.score}/${check.outOf})`,
      id: `check-${check.checkId}`,
    })),
    ...decisions.flatMap((decision) =>
      decision.lockedAt ? [{ at: Date.parse(decision.lockedAt), kind: 'decision' as const, label: `Decision “${decision.title}” locked`, id: `decision-${decision.id}` }] : [],
    ),
  ];
  return marks.filter((mark) => mark.at >= line.min && mark.at <= line.max).sort((a, b) => a.at - b.at || a.label.localeCompare(b.label));
}
