import { Link } from 'react-router';
import { useMutation } from 'urql';
import { useLiveQuery } from '../graphql/use-live-query';
import { useSession } from '../session/session';
import { formatDateTime } from '../ui/format';
import { ErrorNotice } from '../ui/notices';
import { titleCase, VERDICT_MEANING } from '../ui/vocabulary';
import { CLOSE_CHECK, DISAGREEMENTS, type AlignmentCheck, type RaisedDisagreement } from './check-queries';
import { judgedCount } from './check-view';
import { VerdictBadge } from './verdict-badge';

/** Closing a judged check (partners and facilitators), enabled once every question carries a judgement. */
export function CloseCheck({ check }: { check: AlignmentCheck }) {
  const [state, close] = useMutation(CLOSE_CHECK);
  const judged = judgedCount(check.questions);
  const ready = judged === check.questions.length;
  return (
    <section aria-labelledby="close-title">
      <h2 id="close-title">Close the check</h2>
      <p id="close-hint" className="hint">
        {judged} of {check.questions.length} questions judged.{' '}
        {ready ? 'Closing scores the check; each mismatch becomes an open disagreement.' : 'Judge every question to close the check.'}
      </p>
      <button type="button" disabled={!ready || state.fetching} aria-describedby="close-hint" onClick={() => close({ checkId: check.id })}>
        {state.fetching ? 'Closing…' : 'Close check'}
      </button>
      <ErrorNotice error={state.error} what="The check was not closed" />
    </section>
  );
}

/** A closed check's score and verdict, and the disagreements its mismatches raised. */
export function CheckResult({ check }: { check: AlignmentCheck }) {
  const { me } = useSession();
  const [{ data, error }] = useLiveQuery<{ disagreements: RaisedDisagreement[] }>(
    { query: DISAGREEMENTS, variables: { firmId: me.firmId } },
    (event) => event.streamId.startsWith('disagreement-'),
  );
  const raised = data?.disagreements.filter((disagreement) => disagreement.checkId === check.id) ?? [];
  return (
    <section aria-labelledby="result-title">
      <h2 id="result-title">Result</h2>
      {check.verdict && (
        <p className="check-verdict">
          Verdict: <VerdictBadge verdict={check.verdict} /> — {check.score} of {check.outOf} questions matched.
        </p>
      )}
      {check.verdict && <p>{VERDICT_MEANING[check.verdict]}</p>}
      <p className="muted">Closed {formatDateTime(check.closedAt)}.</p>
      <ErrorNotice error={error} what="The disagreements could not be loaded" />
      {raised.length > 0 && (
        <>
          <h3>Disagreements raised</h3>
          <ul>
            {raised.map((disagreement) => (
              <li key={disagreement.id}>
                {disagreement.topic} <span className="muted">({titleCase(disagreement.status)})</span>
                {me.role === 'PARTNER' && disagreement.status !== 'RESOLVED' && (
                  <>
                    {' '}
                    — <Link to={`/decisions/new?resolves=${encodeURIComponent(disagreement.id)}`}>Propose a decision</Link> to resolve it
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
