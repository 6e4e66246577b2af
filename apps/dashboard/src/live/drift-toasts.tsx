import { useEffect } from 'react';
import { useSession } from '../session/session';
import { useToast } from '../ui/toasts';
import { driftSentence, driftTitle } from './drift-sentence';
import { subscribeDrift } from './drift-subscription';
import { headPosition } from './head-position';
import { readStoredPosition, storedPosition } from './positions';

export const DRIFT_POSITION_KEY = 'accord.drift.position';

/**
 * A toast for each drift as it is detected, on every page. It resumes after the last drift it showed
 * (across reconnects and reloads), so a drift during a dropped connection still gets its toast, once.
 */
export function DriftToasts() {
  const { me, clients } = useSession();
  const toast = useToast();
  useEffect(
    () =>
      subscribeDrift({
        ws: clients.ws,
        variables: { firmId: me.firmId },
        after: readStoredPosition(sessionStorage.getItem(DRIFT_POSITION_KEY), me.firmId),
        head: () => headPosition(clients.client),
        onPosition: (position) => sessionStorage.setItem(DRIFT_POSITION_KEY, storedPosition(me.firmId, position)),
        onItem: (drift) => toast({ title: driftTitle(drift), body: driftSentence(drift), tone: 'warning' }),
      }),
    [clients, me.firmId, toast],
  );
  return null;
}
