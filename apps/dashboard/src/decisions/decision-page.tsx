import { useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useLiveQuery } from '../graphql/use-live-query';
import { useFirm } from '../session/firm';
import { formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { DECISION_WHY, type DecisionWithWhy } from './decision-why';
import { Endorsements } from './endorsements';
import { ResolvedDisagreements, SourceChecks } from './resolved-disagreements';
import { LayerBadge, StatusBadge } from './status-badge';
import { SupersedesChain } from './supersedes-chain';
import './decisions.css';

/** Why the firm decided what it did: outcome, rationale, rivals, who endorsed, what it settled and replaced. */
export function DecisionPage() {
  const { decisionId = '' } = useParams();
  const firm = useFirm();
  // The predicate runs while useLiveQuery renders, before `data` exists: it reads the last result's streams.
  const watched = useRef(new Set<string>());
  const [{ data, error, fetching }] = useLiveQuery<{ decision: DecisionWithWhy | null }>(
    { query: DECISION_WHY, variables: { id: decisionId } },
    // Its own stream (endorsed, locked, superseded), and the disagreements it resolves, which close a moment after the lock.
    (event) => event.streamId === `decision-${decisionId}` || watched.current.has(event.streamId),
  );
  const decision = data?.decision;
  watched.current = resolvedStreams(decision);
  if (!decision) {
    if (fetching) return <Loading what="the decision" />;
    return (
      <section>
        <h1>Decision</h1>
        {error ? <ErrorNotice error={error} what="The decision could not be loaded" /> : <p>There is no decision {decisionId} in your firm.</p>}
        <Link to="/decisions">Back to the decision log</Link>
      </section>
    );
  }
  const { why } = decision;
  const question = firm.questions.find((q) => q.key === decision.questionKey);
  return (
    <div className="why">
      <div className="page-head">
        <h1>{decision.title}</h1>
        <StatusBadge status={decision.status} />
      </div>
      <ErrorNotice error={error} what="The decision could not be refreshed" />
      {decision.supersededBy && (
        <p className="notice">
          Superseded by <Link to={`/decisions/${decision.supersededBy.id}`}>{decision.supersededBy.title}</Link> on {formatDateTime(decision.supersededAt)}.
        </p>
      )}
      <section aria-labelledby="why-heading">
        <h2 id="why-heading">Why</h2>
        <p className="why-summary">{why.summary}</p>
        <dl>
          <dt>Outcome optimized for</dt>
          <dd>{why.outcome}</dd>
          <dt>Chosen answer</dt>
          <dd>{decision.chosenAnswer}</dd>
          <dt>Rationale</dt>
          <dd>{why.rationale}</dd>
          <dt>Alternatives rejected</dt>
          <dd>
            {why.alternatives.length === 0 ? (
              'None named.'
            ) : (
              <ul aria-label="Alternatives rejected">
                {why.alternatives.map((alternative, index) => (
                  <li key={index}>{alternative}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Layer</dt>
          <dd>
            <LayerBadge layer={decision.layer} />
          </dd>
          {question && (
            <>
              <dt>Question it defines</dt>
              <dd>{question.prompt}</dd>
            </>
          )}
          <dt>Proposed</dt>
          <dd>
            by {decision.proposedBy.name}, {formatDateTime(decision.proposedAt)}
          </dd>
          <dt>Locked</dt>
          <dd>{decision.lockedAt ? formatDateTime(decision.lockedAt) : 'Not yet: every active partner must endorse it.'}</dd>
        </dl>
      </section>
      <Endorsements decisionId={decision.id} status={decision.status} endorsements={why.endorsements} />
      <ResolvedDisagreements resolved={why.resolved} />
      <SourceChecks checks={why.checks} />
      <SupersedesChain first={why.supersedes} />
    </div>
  );
}

function resolvedStreams(decision: DecisionWithWhy | null | undefined): Set<string> {
  return new Set((decision?.why.resolved ?? []).map((disagreement) => `disagreement-${disagreement.id}`));
}
