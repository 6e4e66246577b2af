import { titleCase, VERDICT_COLOUR, type Verdict } from '../ui/vocabulary';

/** The verdict as a coloured badge whose word carries the meaning (colour is never the only signal). */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className="badge" style={{ background: VERDICT_COLOUR[verdict] }}>
      {titleCase(verdict)}
    </span>
  );
}
