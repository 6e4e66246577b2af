import { Link } from 'react-router';
import { formatDateTime, formatDays } from '../ui/format';
import { titleCase } from '../ui/vocabulary';
import type { ResolvedDisagreement, SourceCheck } from './decision-why';

/** The gaps the decision settles, each partner's side of it, and how long it stayed open. */
export function ResolvedDisagreements({ resolved }: { resolved: ResolvedDisagreement[] }) {
  return (
    <section aria-labelledby="resolved-heading">
      <h2 id="resolved-heading">Disagreements it resolves</h2>
      {resolved.length === 0 && <p className="muted">It resolves no recorded disagreement.</p>}
      {resolved.map((disagreement) => (
        <article key={disagreement.id} className="resolved-item" aria-label={disagreement.topic}>
          <h3>{disagreement.topic}</h3>
          <p className="muted">
            {titleCase(disagreement.layer)} · raised {formatDateTime(disagreement.raisedAt)} ·{' '}
            {disagreement.resolvedAt
              ? `resolved ${formatDateTime(disagreement.resolvedAt)} after ${formatDays(disagreement.openDays)} open`
              : `open for ${formatDays(disagreement.openDays)} so far`}
            {disagreement.checkId && (
              <>
                {' '}
                · <Link to={`/checks/${disagreement.checkId}`}>raised by a check</Link>
              </>
            )}
          </p>
          {disagreement.positions.length > 0 && (
            <ul aria-label={`Positions on ${disagreement.topic}`}>
              {disagreement.positions.map((position, index) => (
                <li key={index}>
                  <strong>{position.member.name}:</strong> {position.text}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}

/** The checks where those positions were given. */
export function SourceChecks({ checks }: { checks: SourceCheck[] }) {
  if (checks.length === 0) return null;
  return (
    <section aria-labelledby="checks-heading">
      <h2 id="checks-heading">Checks the positions came from</h2>
      <ul>
        {checks.map((check) => (
          <li key={check.id}>
            <Link to={`/checks/${check.id}`}>Check opened {formatDateTime(check.openedAt)}</Link>
            {check.closedAt && (
              <>
                , closed {formatDateTime(check.closedAt)}
                {check.verdict && `: ${titleCase(check.verdict)}, ${check.score} of ${check.outOf} matched`}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
