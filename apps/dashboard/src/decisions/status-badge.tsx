import { LAYER_COLOUR, titleCase, type Layer } from '../ui/vocabulary';
import type { DecisionStatus } from './decision-filters';
import './decisions.css';

/** A symbol as well as a colour, so the status reads without colour vision. */
const SYMBOL: Record<DecisionStatus, string> = { PROPOSED: '○', LOCKED: '●', SUPERSEDED: '↷' };

export function StatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <span className={`badge decision-status decision-status-${status.toLowerCase()}`}>
      <span aria-hidden="true">{SYMBOL[status]} </span>
      {titleCase(status)}
    </span>
  );
}

export function LayerBadge({ layer }: { layer: Layer }) {
  return (
    <span className="badge" style={{ background: LAYER_COLOUR[layer] }}>
      {titleCase(layer)}
    </span>
  );
}
