import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../session/session';
import { watchConnection } from './connection';
import { headPosition } from './head-position';
import { readStoredPosition, storedPosition } from './positions';
import { subscribeResumable } from './resumable-subscription';

/** One event of the firm's feed (`firmEvents`): what the audit log shows, sealed answers redacted. */
export interface FeedEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actorId: string;
  data: string;
  hash: string;
  previousHash: string | null;
}

interface FirmFeed {
  /** The newest events seen since sign-in, oldest first (bounded). */
  events: FeedEvent[];
  /** The position the feed resumes after: its last event's, or the head when it started. */
  lastPosition: number | undefined;
  /** Whether the socket is up now; while it is not, the feed will resume after `lastPosition`. */
  connected: boolean;
  /** The subscription was refused or broke and is being started again (after a growing pause). */
  failing: boolean;
}

const FirmFeedContext = createContext<FirmFeed>({ events: [], lastPosition: undefined, connected: false, failing: false });

export function useFirmFeed(): FirmFeed {
  return useContext(FirmFeedContext);
}

/**
 * A number that grows whenever an event matching `matches` arrives: pages put it in their query's
 * dependencies to refetch when what they show changed (another partner answered, a check closed).
 */
export function useFirmActivity(matches: (event: FeedEvent) => boolean): number {
  const { events } = useFirmFeed();
  const seen = useRef<{ position: number; version: number }>({ position: 0, version: 0 });
  return useMemo(() => {
    const fresh = events.filter((event) => event.position > seen.current.position);
    if (fresh.length === 0) return seen.current.version;
    const version = seen.current.version + (fresh.some(matches) ? 1 : 0);
    seen.current = { position: fresh[fresh.length - 1].position, version };
    return version;
    // `matches` is usually an inline function: the events alone decide.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [events]);
}

const FIRM_EVENTS = `subscription FirmEvents($firmId: ID!, $afterPosition: Int) {
  firmEvents(firmId: $firmId, afterPosition: $afterPosition) { position streamId revision type occurredAt actorId data hash previousHash }
}`;

const KEEP = 500;
/** Where the tab keeps the feed's last position, so a reload resumes instead of starting at the head. */
export const FEED_POSITION_KEY = 'accord.feed.position';

/**
 * The firm's live event feed for the whole signed-in page. It resumes after the last position it saw,
 * across reconnects (live/resumable-subscription.ts) and reloads (sessionStorage), so nothing is missed
 * and nothing is shown twice; `connected` follows the socket itself.
 */
export function FirmFeedProvider({ children }: { children: ReactNode }) {
  const { me, clients } = useSession();
  const [feed, setFeed] = useState<FirmFeed>(() => ({
    events: [],
    lastPosition: readStoredPosition(sessionStorage.getItem(FEED_POSITION_KEY), me.firmId),
    connected: false,
    failing: false,
  }));
  useEffect(() => watchConnection(clients.ws, (connected) => setFeed((current) => (current.connected === connected ? current : { ...current, connected }))), [clients]);
  useEffect(() => {
    const remember = (position: number) => {
      sessionStorage.setItem(FEED_POSITION_KEY, storedPosition(me.firmId, position));
      setFeed((current) => (current.lastPosition === position && !current.failing ? current : { ...current, lastPosition: position, failing: false }));
    };
    return subscribeResumable<FeedEvent>({
      ws: clients.ws,
      query: FIRM_EVENTS,
      variables: { firmId: me.firmId },
      after: readStoredPosition(sessionStorage.getItem(FEED_POSITION_KEY), me.firmId),
      head: () => headPosition(clients.client),
      pick: (data) => {
        const event = data.firmEvents as FeedEvent | undefined;
        return event ? { item: event, position: event.position } : undefined;
      },
      onPosition: remember,
      onError: () => setFeed((current) => (current.failing ? current : { ...current, failing: true })),
      onItem: (event) =>
        setFeed((current) =>
          current.events.length > 0 && current.events[current.events.length - 1].position >= event.position
            ? current
            : { ...current, events: [...current.events.slice(-(KEEP - 1)), event], lastPosition: event.position },
        ),
    });
  }, [clients, me.firmId]);
  return <FirmFeedContext.Provider value={feed}>{children}</FirmFeedContext.Provider>;
}
