import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useSession } from '../session/session';
import { formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { DRIFT_FIELDS, driftSentence, driftTitle, type Drift } from './drift-sentence';
import { newestFirst } from './event-list';
import { subscribeDrift } from './drift-subscription';

const DRIFT_EVENTS = `query DriftEvents($firmId: ID!) { driftEvents(firmId: $firmId) { ${DRIFT_FIELDS} } }`;

/** Every drift of the firm, newest first: the recorded ones, then each new one as it is detected. */
export function DriftHistory() {
  const { me, clients } = useSession();
  const [{ data, error, fetching }] = useQuery<{ driftEvents: Drift[] }>({ query: DRIFT_EVENTS, variables: { firmId: me.firmId }, requestPolicy: 'network-only' });
  const [live, setLive] = useState<Drift[]>([]);
  const listed = data?.driftEvents;
  // driftDetected delivers a drift once driftEvents lists it: resuming after the last listed one leaves no gap.
  const startAfter = listed ? (listed.length > 0 ? listed[listed.length - 1].position : 0) : undefined;
  const loaded = startAfter !== undefined;
  useEffect(() => {
    if (startAfter === undefined) return;
    return subscribeDrift({
      ws: clients.ws,
      variables: { firmId: me.firmId },
      after: startAfter,
      head: async () => startAfter,
      onItem: (drift) => setLive((current) => [...current, drift]),
    });
    // Subscribe once, from the first load; later refetches are merged by position.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, clients, me.firmId]);

  const drifts = newestFirst(listed ?? [], live);
  return (
    <section aria-labelledby="drift-heading">
      <h2 id="drift-heading">Drift</h2>
      <p className="hint">Score drops, definitions drifting from locked decisions and missed checks, newest first. New ones appear here as they are detected.</p>
      <ErrorNotice error={error} what="Drift could not be loaded" />
      {fetching && !listed ? <Loading what="drift" /> : null}
      {listed && drifts.length === 0 ? <p className="muted">No drift so far.</p> : null}
      {drifts.length > 0 ? (
        <ul className="drift-list" aria-label="Drift, newest first">
          {drifts.map((drift) => (
            <li key={drift.position} className={`drift drift-${drift.kind.toLowerCase()}`}>
              <strong>{driftTitle(drift)}</strong> <span>{driftSentence(drift)}</span>{' '}
              <span className="muted">
                {formatDateTime(drift.detectedAt)} · position {drift.position}
              </span>
              {drift.checkId ? (
                <>
                  {' · '}
                  <Link to={`/checks/${drift.checkId}`}>the check</Link>
                </>
              ) : null}
              {drift.decisionId ? (
                <>
                  {' · '}
                  <Link to={`/decisions/${drift.decisionId}`}>the decision</Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
