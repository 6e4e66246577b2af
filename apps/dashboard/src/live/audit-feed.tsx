import { useCallback, useEffect, useRef, useState } from 'react';
import type { CombinedError } from '@urql/core';
import { useClient } from 'urql';
import { useFirm } from '../session/firm';
import { useSession } from '../session/session';
import { DataTable } from '../ui/data-table';
import { formatDateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { newestFirst, olderWindow } from './event-list';
import { useFirmFeed, type FeedEvent } from './firm-feed';
import { headPosition } from './head-position';

const AUDIT_LOG = `query AuditLog($firmId: ID!, $after: Int, $first: Int) {
  auditLog(firmId: $firmId, after: $after, first: $first) { events { position streamId revision type occurredAt actorId data hash previousHash } }
}`;

/** Global positions looked back per request (other firms' events share the log). */
const SPAN = 200;
/** Windows tried per click before giving up on finding older events of this firm. */
const TRIES = 5;

/** The firm's event log, newest first: recent history from `auditLog`, then the live feed on top. */
export function AuditFeed() {
  const { me } = useSession();
  const client = useClient();
  const { events: live, connected: socketUp, failing, lastPosition } = useFirmFeed();
  const connected = socketUp && !failing;
  const names = useMemberNames();
  const [history, setHistory] = useState<FeedEvent[]>([]);
  // The lowest position the history reaches back to (exclusive); 0 means from the very start.
  const [reach, setReach] = useState<number>();
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<CombinedError>();
  const started = useRef(false);

  const loadOlder = useCallback(
    async (before: number) => {
      setBusy(true);
      let from = before;
      for (let tries = 0; tries < TRIES && from > 1; tries++) {
        const window = olderWindow(from, SPAN);
        const result = await client.query<{ auditLog: { events: FeedEvent[] } }>(AUDIT_LOG, { firmId: me.firmId, ...window }, { requestPolicy: 'network-only' }).toPromise();
        if (!result.data) {
          setError(result.error);
          break;
        }
        setError(undefined);
        const older = result.data.auditLog.events.filter((event) => event.position < from);
        from = window.after + 1;
        setReach(window.after);
        if (older.length > 0) {
          setHistory((current) => newestFirst(current, older));
          break;
        }
      }
      setBusy(false);
    },
    [client, me.firmId],
  );

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    headPosition(client).then(
      (head) => loadOlder(head + 1),
      () => setBusy(false),
    );
  }, [client, loadOlder]);

  const events = newestFirst(history, live);
  const oldest = events.length > 0 ? events[events.length - 1].position : undefined;
  return (
    <section aria-labelledby="feed-heading">
      <h2 id="feed-heading">Event log</h2>
      <p role="status" className={connected ? 'feed-state feed-live' : 'feed-state feed-reconnecting'}>
        {connected ? 'Live' : `Reconnecting… will resume after position ${lastPosition ?? 'the head'}`}
      </p>
      <ErrorNotice error={error} what="The event log could not be loaded" />
      {busy && events.length === 0 ? <Loading what="the event log" /> : null}
      {!busy && events.length === 0 ? <p className="muted">No events yet.</p> : null}
      {events.length > 0 ? (
        <DataTable columns={['Position', 'Time', 'Type', 'Stream', 'Actor', 'Details']} caption="The firm's events, newest first" showCaption className="audit-table">
          {events.map((event) => (
            <tr key={event.position}>
              <td className="mono">{event.position}</td>
              <td>{formatDateTime(event.occurredAt)}</td>
              <td>{event.type}</td>
              <td className="mono">
                {event.streamId} <span className="muted">#{event.revision}</span>
              </td>
              <td>{names(event.actorId)}</td>
              <td>
                <details>
                  <summary>
                    Data<span className="visually-hidden"> of event {event.position}</span>
                  </summary>
                  <pre className="mono audit-data">{prettyJson(event.data)}</pre>
                  <p className="mono">hash {event.hash}</p>
                  <p className="mono">previous {event.previousHash ?? 'none (first of its stream)'}</p>
                </details>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {reach !== undefined && reach > 0 && oldest !== undefined ? (
        <button type="button" className="secondary" disabled={busy} onClick={() => void loadOlder(Math.min(oldest, reach + 1))}>
          {busy ? 'Loading…' : 'Load older'}
        </button>
      ) : null}
    </section>
  );
}

/** Members by id; the server's own actions stay `system`, removed members show their id. */
function useMemberNames(): (actorId: string) => string {
  const { members } = useFirm();
  return useCallback(
    (actorId: string) => {
      if (actorId === 'system') return 'system';
      return members.find((member) => member.id === actorId)?.name ?? `former member ${actorId.slice(0, 8)}`;
    },
    [members],
  );
}

function prettyJson(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}
