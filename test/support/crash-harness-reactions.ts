import type { RecordedEvent } from '@accord/event-store';
import {
  SYSTEM,
  answerOf,
  checkDecider,
  driftCause,
  driftDecider,
  initialDriftState,
  isFullyAnswered,
  type CheckClosed,
  type CheckEvent,
  type CheckState,
  type DecisionLocked,
  type DriftDetected,
} from '@accord/domain';
import { deterministicEventId } from '@accord/platform';
import type { LogView } from './crash-harness-log';

/**
 * No process manager's checkpoint is ahead of its reactions: for every event a manager handles at or
 * before its checkpoint, what the reaction appends is in the log. Each rule restates one manager
 * (libs/{checks,disagreements,drift,decisions}/src/process); `lock-on-partner-change` reacts to
 * partners leaving, which the workload never does, so it is only held to the head.
 */
export function checkReactionEffects(log: LogView, checkpoints: ReadonlyMap<string, number>, max = 20): string[] {
  const problems: string[] = [];
  const fail = (problem: string) => problems.length < max && problems.push(problem);
  const checks = new Map<string, CheckState>();
  for (const event of log.events) {
    const checkState = event.stream.startsWith('check-') ? foldCheck(checks, event) : undefined;
    const reacted = (manager: string) => event.position <= (checkpoints.get(manager) ?? 0);
    const at = `${event.type} at ${event.position} (${event.stream})`;
    if (event.type === 'AnswerSubmitted' && reacted('reveal-when-answered') && checkState?.status === 'OPEN' && isFullyAnswered(checkState)) {
      if (!has(log, event.stream, (e) => e.type === 'CheckRevealed')) fail(`reveal-when-answered passed ${at}, which completed the answers, but the check was never revealed`);
    }
    if (event.type === 'CheckClosed') {
      const closed = (event as RecordedEvent<CheckClosed['data']>).data;
      if (reacted('raise-disagreements-on-close') && checkState) {
        for (const key of closed.mismatched) {
          const answered = checkState.participantIds.some((memberId) => answerOf(checkState, key, memberId) !== undefined);
          const stream = `disagreement-${deterministicEventId(event.id, `disagreement:${key}`)}`;
          if (answered && !has(log, stream, (e) => e.type === 'DisagreementRaised')) fail(`raise-disagreements-on-close passed ${at} but raised no disagreement for ${key}`);
        }
      }
      if (reacted('drift-on-close')) {
        const recorded = new Set((log.byStream.get(`drift-${closed.firmId}`) ?? []).map((e) => driftCause((e as RecordedEvent<DriftDetected['data']>).data)));
        const expected = driftDecider.decide({ type: 'RecordCheckDrift', closed, actor: SYSTEM, now: closed.closedAt }, initialDriftState());
        for (const drift of expected) {
          const cause = driftCause(drift.data);
          if (!recorded.has(cause)) fail(`drift-on-close passed ${at} but ${cause} was never recorded`);
        }
      }
    }
    if (event.type === 'DecisionLocked' && reacted('decision-locked')) {
      const locked = (event as RecordedEvent<DecisionLocked['data']>).data;
      for (const id of locked.resolves) {
        if (!has(log, `disagreement-${id}`, (e) => e.type === 'DisagreementResolved')) fail(`decision-locked passed ${at} but disagreement ${id} is not resolved`);
      }
      if (locked.supersedes !== null && !has(log, `decision-${locked.supersedes}`, (e) => e.type === 'DecisionSuperseded')) {
        fail(`decision-locked passed ${at} but decision ${locked.supersedes} is not superseded`);
      }
    }
  }
  return problems;
}

function foldCheck(checks: Map<string, CheckState>, event: RecordedEvent): CheckState {
  const state = checkDecider.evolve(checks.get(event.stream) ?? checkDecider.initialState(), { type: event.type, data: event.data } as CheckEvent);
  checks.set(event.stream, state);
  return state;
}

function has(log: LogView, stream: string, matches: (event: RecordedEvent) => boolean): boolean {
  return (log.byStream.get(stream) ?? []).some(matches);
}
