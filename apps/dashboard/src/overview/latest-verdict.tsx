import { Link } from 'react-router';
import { formatDate } from '../ui/format';
import { titleCase, VERDICT_COLOUR, VERDICT_MEANING } from '../ui/vocabulary';
import type { CheckScore } from './alignment-points';

/** The latest closed check's verdict, large and in words: what a partner looks for first. */
export function LatestVerdict({ latest }: { latest: CheckScore | undefined }) {
  return (
    <section aria-labelledby="latest-verdict-heading" className="latest-verdict">
      <h2 id="latest-verdict-heading">Latest check</h2>
      {latest ? (
        <>
          <p className="verdict-word" style={{ color: VERDICT_COLOUR[latest.verdict] }}>
            {titleCase(latest.verdict)}
          </p>
          <p className="verdict-score">
            {latest.score} of {latest.outOf} answers matched
          </p>
          <p>{VERDICT_MEANING[latest.verdict]}</p>
          <p className="muted">
            Closed {formatDate(latest.closedAt)} · <Link to={`/checks/${latest.checkId}`}>See this check</Link>
          </p>
        </>
      ) : (
        <p>
          No check has closed yet, so there is no verdict. <Link to="/checks">Go to the checks</Link> to open or finish one.
        </p>
      )}
    </section>
  );
}
