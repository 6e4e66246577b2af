import { assertNever, type Decider } from '../shared/decider';
import { badInput, forbidden } from '../shared/domain-error';
import type { DriftCommand, RecordCheckDrift, RecordOverdue } from './commands';
import type { DriftDetected, DriftEvent } from './events';
import { driftCause, type DriftState, evolveDrift, initialDriftState } from './state';

export function decideDrift(command: DriftCommand, state: DriftState): DriftEvent[] {
  if (command.actor.kind !== 'system') throw forbidden('Drift is recorded by the system, not by members.');
  const detected = detect(command);
  if (state.firmId !== null && detected.some(({ data }) => data.firmId !== state.firmId)) {
    throw forbidden(`This drift stream belongs to firm ${state.firmId}.`);
  }
  // Exactly once per cause: a replayed or retried command finds its causes already recorded.
  const recorded = new Set(state.causes);
  return detected.filter(({ data }) => {
    const cause = driftCause(data);
    if (recorded.has(cause)) return false;
    recorded.add(cause);
    return true;
  });
}

function detect(command: DriftCommand): DriftDetected[] {
  switch (command.type) {
    case 'RecordCheckDrift':
      return checkDrift(command);
    case 'RecordOverdue':
      return [overdue(command)];
    default:
      return assertNever(command);
  }
}

const blank = { checkId: null, questionKey: null, decisionId: null, previousScore: null, score: null, dueAt: null };

/** SCORE_DROP when the check scored a smaller share than the previous one; DEFINITION_DRIFT per mismatched defined question. */
function checkDrift({ closed }: RecordCheckDrift): DriftDetected[] {
  const drift: DriftDetected[] = [];
  const previous = closed.basis.previousCheck;
  const at = { firmId: closed.firmId, detectedAt: closed.closedAt };
  // score/outOf < previous.score/previous.outOf, cross-multiplied to stay in integers.
  if (previous && closed.score * previous.outOf < previous.score * closed.outOf) {
    drift.push({
      type: 'DriftDetected',
      data: { ...blank, ...at, kind: 'SCORE_DROP', checkId: closed.checkId, previousScore: previous.score, score: closed.score },
    });
  }
  const defined = closed.basis.alignedDefinitions;
  for (const questionKey of closed.mismatched) {
    if (!Object.hasOwn(defined, questionKey)) continue;
    drift.push({
      type: 'DriftDetected',
      data: { ...blank, ...at, kind: 'DEFINITION_DRIFT', checkId: closed.checkId, questionKey, decisionId: defined[questionKey] },
    });
  }
  return drift;
}

/** One CHECK_OVERDUE per missed due date. */
function overdue(command: RecordOverdue): DriftDetected {
  if (typeof command.dueAt !== 'string' || Number.isNaN(Date.parse(command.dueAt))) {
    throw badInput(`The due date ${JSON.stringify(command.dueAt)} is not an ISO-8601 instant.`, { field: 'dueAt' });
  }
  return {
    type: 'DriftDetected',
    data: { ...blank, firmId: command.firmId, kind: 'CHECK_OVERDUE', detectedAt: command.now, dueAt: command.dueAt },
  };
}

export const driftDecider: Decider<DriftCommand, DriftEvent, DriftState> = {
  decide: decideDrift,
  evolve: evolveDrift,
  initialState: initialDriftState,
};
