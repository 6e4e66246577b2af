import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLiveQuery } from '../graphql/use-live-query';
import type { FeedEvent } from '../live/firm-feed';
import { useFirm } from '../session/firm';
import { formatDateTime, formatDebt } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/notices';
import { AS_OF, RANGE, type AsOfData, type RangeData } from './as-of-queries';
import { AsOfView } from './as-of-view';
import { TimeControls } from './time-controls';
import { marksFrom, parseAt, timeline } from './timeline';
import './as-of.css';

/** How long the slider must rest before the page asks the server: dragging sends one query, not fifty. */
const DEBOUNCE_MS = 250;

const newEvent = (event: FeedEvent) => event.type === 'DecisionLocked' || event.type === 'CheckClosed';

export function AsOfPage() {
  const firm = useFirm();
  const [range, refetchRange] = useLiveQuery<RangeData>({ query: RANGE, variables: { firmId: firm.id } }, newEvent);
  const data = range.data;
  return (
    <div className="as-of-page">
      <h1>As of</h1>
      <p className="hint">Move through time and see aligned definitions and debt as they stood.</p>
      {data ? (
        <TimeTravel range={data} foundedAt={firm.foundedAt} onNow={() => refetchRange({ requestPolicy: 'network-only' })} />
      ) : range.fetching ? (
        <Loading what="the firm’s history" />
      ) : (
        <ErrorNotice error={range.error} what="The firm’s history could not be loaded" />
      )}
    </div>
  );
}

function TimeTravel({ range, foundedAt, onNow }: { range: RangeData; foundedAt: string; onNow: () => void }) {
  const firm = useFirm();
  const line = useMemo(() => timeline(foundedAt, range.conflictDebt.asOf), [foundedAt, range.conflictDebt.asOf]);
  const marks = useMemo(() => marksFrom(range.alignmentHistory, range.decisions, line), [range, line]);

  // The address holds the instant that was queried (shareable); `draft` runs ahead of it while dragging.
  const [params, setParams] = useSearchParams();
  const committed = parseAt(params.get('at'));
  const [draft, setDraft] = useState<number | null>(committed);
  const lastCommitted = useRef(committed);
  const commit = (instant: number | null) => {
    lastCommitted.current = instant;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (instant === null) next.delete('at');
        else next.set('at', new Date(instant).toISOString());
        return next;
      },
      { replace: true },
    );
  };
  // Back/forward or an edited address moves the controls too; our own commits must not snap a drag back.
  useEffect(() => {
    if (committed !== lastCommitted.current) {
      lastCommitted.current = committed;
      setDraft(committed);
    }
  }, [committed]);
  useEffect(() => {
    if (draft === lastCommitted.current) return;
    const timer = setTimeout(() => commit(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `commit` only closes over stable setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const asOf = committed === null ? null : new Date(committed).toISOString();
  // The past cannot change; only "now" follows new decisions, disagreements and checks.
  const [result, reexecute] = useLiveQuery<AsOfData>(
    { query: AS_OF, variables: { firmId: firm.id, asOf } },
    (event) => asOf === null && (event.streamId.startsWith('decision-') || event.streamId.startsWith('disagreement-') || event.type === 'CheckClosed'),
  );
  const shown = useKept(result.data);

  return (
    <>
      <TimeControls
        line={line}
        marks={marks}
        draft={draft}
        onMove={setDraft}
        onJump={(instant) => {
          // "Now" again means the server's now of this moment, not of the last query.
          if (instant === null && committed === null) reexecute({ requestPolicy: 'network-only' });
          setDraft(instant);
          commit(instant);
          if (instant === null) onNow();
        }}
      />
      <ErrorNotice error={result.error} what="What stood then could not be loaded" />
      {shown ? <AsOfView data={shown} isNow={asOf === null} updating={result.fetching || draft !== committed} /> : <Loading what="what stood then" />}
      <p className="visually-hidden" role="status">
        {shown ? announce(shown) : ''}
      </p>
    </>
  );
}

/** The last data received: the previous instant stays on screen while the next one loads (no flicker). */
function useKept<T>(value: T | undefined): T | undefined {
  const [kept, setKept] = useState(value);
  if (value !== undefined && value !== kept) setKept(value);
  return value ?? kept;
}

function announce(data: AsOfData): string {
  const debt = data.conflictDebt;
  const definitions = data.alignedDefinitions.length;
  return (
    `As of ${formatDateTime(debt.asOf)}: ${definitions} aligned ${definitions === 1 ? 'definition' : 'definitions'}, ` +
    `conflict debt ${formatDebt(debt.total)} with ${debt.openCount} open ${debt.openCount === 1 ? 'disagreement' : 'disagreements'}.`
  );
}
