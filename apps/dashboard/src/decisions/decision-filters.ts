import { LAYERS, type Layer } from '../ui/vocabulary';

export const DECISION_STATUSES = ['PROPOSED', 'LOCKED', 'SUPERSEDED'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export interface DecisionFilters {
  layer?: Layer;
  status?: DecisionStatus;
}

/** The log's filters as the address keeps them (`?layer=VISION&status=LOCKED`); unknown values are ignored, not trusted. */
export function readFilters(params: URLSearchParams): DecisionFilters {
  const layer = params.get('layer');
  const status = params.get('status');
  return {
    layer: (LAYERS as readonly string[]).includes(layer ?? '') ? (layer as Layer) : undefined,
    status: (DECISION_STATUSES as readonly string[]).includes(status ?? '') ? (status as DecisionStatus) : undefined,
  };
}

/** `params` with one filter set, or removed when `value` is empty; other parameters stay. */
export function withFilter(params: URLSearchParams, name: keyof DecisionFilters, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  return next;
}

/** The layer filter runs in the page: the server filters by status only. */
export function ofLayer<T extends { layer: string }>(decisions: readonly T[], layer: Layer | undefined): T[] {
  return layer ? decisions.filter((decision) => decision.layer === layer) : [...decisions];
}
