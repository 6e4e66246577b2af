import { DRIFT_FIELDS, type Drift } from './drift-sentence';
import { subscribeResumable, type ResumableOptions } from './resumable-subscription';

const DRIFT_DETECTED = `subscription DriftDetected($firmId: ID!, $afterPosition: Int) {
  driftDetected(firmId: $firmId, afterPosition: $afterPosition) { ${DRIFT_FIELDS} }
}`;

/** `driftDetected` for `variables.firmId`, resumed after the last drift seen (the toasts and the Live page's list). */
export function subscribeDrift(options: Omit<ResumableOptions<Drift>, 'query' | 'pick'>): () => void {
  return subscribeResumable<Drift>({
    ...options,
    query: DRIFT_DETECTED,
    pick: (data) => {
      const drift = data.driftDetected as Drift | undefined;
      return drift ? { item: drift, position: drift.position } : undefined;
    },
  });
}
