import { useEffect, useRef } from 'react';
import { useQuery, type AnyVariables, type UseQueryArgs, type UseQueryResponse } from 'urql';
import { useFirmActivity, type FeedEvent } from '../live/firm-feed';

/** Events arriving together (a replay after a reload, a check closing with its disagreements) refetch once. */
const SETTLE_MS = 250;

/**
 * `useQuery` that fetches again whenever the firm's feed brings an event matching `changedBy`: what
 * the page shows stays current without polling (another partner answered, a check was closed).
 */
export function useLiveQuery<Data, Variables extends AnyVariables = AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
  changedBy: (event: FeedEvent) => boolean,
): UseQueryResponse<Data, Variables> {
  const result = useQuery<Data, Variables>(args);
  const activity = useFirmActivity(changedBy);
  // The activity already answered for: compared with the last one handled, not the first, so a new
  // `reexecute` (variables changed) never refetches for old events.
  const handled = useRef(activity);
  const reexecute = useRef(result[1]);
  reexecute.current = result[1];
  useEffect(() => {
    if (activity === handled.current) return;
    const timer = setTimeout(() => {
      handled.current = activity;
      reexecute.current({ requestPolicy: 'network-only' });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [activity]);
  return result;
}
