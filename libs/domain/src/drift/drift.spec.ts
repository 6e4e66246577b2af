import type { CheckClosed } from '../check/events';
import { SYSTEM } from '../shared/command-meta';
import { partner, T2, T3 } from '../testing/actors';
import { given } from '../testing/given-when-then';
import type { RecordCheckDrift, RecordOverdue } from './commands';
import { driftDecider } from './decide';
import type { DriftEvent } from './events';

const drift = (events: DriftEvent[] = []) => given(driftDecider, events);
const closed: CheckClosed['data'] = {
  checkId: 'c2',
  firmId: 'f1',
  closedBy: 'fay',
  closedAt: T2,
  score: 1,
  outOf: 3,
  verdict: 'FRACTURE',
  mismatched: ['optimizing_for', 'client_outcome'],
  basis: { previousCheck: { checkId: 'c1', score: 2, outOf: 3 }, alignedDefinitions: { client_outcome: 'd1', optimizing_for: 'd2' } },
};
const record = (data: Partial<CheckClosed['data']> = {}): RecordCheckDrift => ({
  type: 'RecordCheckDrift',
  actor: SYSTEM,
  now: T3,
  closed: { ...closed, ...data },
});
const none = { checkId: null, questionKey: null, decisionId: null, previousScore: null, score: null, dueAt: null };
const scoreDrop: DriftEvent = {
  type: 'DriftDetected',
  data: { ...none, firmId: 'f1', kind: 'SCORE_DROP', detectedAt: T2, checkId: 'c2', previousScore: 2, score: 1 },
};
const definitionDrift = (questionKey: string, decisionId: string): DriftEvent => ({
  type: 'DriftDetected',
  data: { ...none, firmId: 'f1', kind: 'DEFINITION_DRIFT', detectedAt: T2, checkId: 'c2', questionKey, decisionId },
});
const overdue = (dueAt: string): DriftEvent => ({
  type: 'DriftDetected',
  data: { ...none, firmId: 'f1', kind: 'CHECK_OVERDUE', detectedAt: T3, dueAt },
});
const missed = (dueAt: string): RecordOverdue => ({ type: 'RecordOverdue', actor: SYSTEM, now: T3, firmId: 'f1', dueAt });

describe('when a check closes', () => {
  it('records a score drop and a definition drift per mismatched defined question, in mismatched order', () =>
    drift().when(record()).then([scoreDrop, definitionDrift('optimizing_for', 'd2'), definitionDrift('client_outcome', 'd1')]));
  it('records nothing for an equal score and undefined questions', () =>
    drift().when(record({ score: 2, mismatched: ['refuse_to_do'] })).then([]));
  it('records nothing without a previous check', () =>
    drift().when(record({ mismatched: [], basis: { previousCheck: null, alignedDefinitions: {} } })).then([]));
  it('compares shares when the question sets differ in size', () =>
    drift()
      .when(record({ score: 3, outOf: 5, mismatched: [], basis: { previousCheck: { checkId: 'c1', score: 2, outOf: 3 }, alignedDefinitions: {} } }))
      .then([{ type: 'DriftDetected', data: { ...scoreDrop.data, score: 3 } }]));
  it('records no drop for a larger share with a smaller score', () =>
    drift()
      .when(record({ score: 2, outOf: 2, mismatched: [], basis: { previousCheck: { checkId: 'c1', score: 2, outOf: 3 }, alignedDefinitions: {} } }))
      .then([]));
  it('records each cause exactly once', () =>
    drift([scoreDrop, definitionDrift('optimizing_for', 'd2')]).when(record()).then([definitionDrift('client_outcome', 'd1')]));
  it('records nothing when the same close is replayed', () =>
    drift([scoreDrop, definitionDrift('optimizing_for', 'd2'), definitionDrift('client_outcome', 'd1')]).when(record()).then([]));
  it('refuses a member', () => drift().when({ ...record(), actor: partner('ada') }).thenThrows('FORBIDDEN'));
  it("refuses another firm's check", () => drift([scoreDrop]).when(record({ checkId: 'c9', firmId: 'f2' })).thenThrows('FORBIDDEN', /firm f1/));
});

describe('when a check is overdue', () => {
  it('records one overdue drift per missed due date', () => drift().when(missed('2025-04-06T09:00:00.000Z')).then([overdue('2025-04-06T09:00:00.000Z')]));
  it('records the same due date only once', () => drift([overdue('2025-04-06T09:00:00.000Z')]).when(missed('2025-04-06T09:00:00.000Z')).then([]));
  it('records a later due date again', () =>
    drift([overdue('2025-04-06T09:00:00.000Z')]).when(missed('2025-07-05T09:00:00.000Z')).then([overdue('2025-07-05T09:00:00.000Z')]));
  it('refuses a due date that is not an instant', () => drift().when(missed('soon')).thenThrows('BAD_USER_INPUT', /"soon"/));
  it('refuses a member', () => drift().when({ ...missed('2025-04-06T09:00:00.000Z'), actor: partner('ada') }).thenThrows('FORBIDDEN'));
});
