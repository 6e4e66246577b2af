import { partner, T0 } from '../testing/actors';
import type { ProposeDecision } from './commands';
import type { DecisionEvent, DecisionProposed } from './events';

/** Decision d1 of firm f1, which has partners ada, ben and cat. */
export const propose: ProposeDecision = {
  type: 'ProposeDecision',
  actor: partner('ada'),
  now: T0,
  decisionId: 'd1',
  firmId: 'f1',
  title: ' No litigation ',
  outcome: ' Predictable advisory revenue ',
  chosenAnswer: 'We refuse litigation work',
  alternatives: [' Litigation for existing clients '],
  rationale: 'Litigation staffing swings wreck our planning',
  layer: 'VISION',
  questionKey: 'refuse_to_do',
  resolves: ['g1'],
  supersedes: null,
  context: {
    firmId: 'f1',
    questionKeys: ['client_outcome', 'optimizing_for', 'refuse_to_do'],
    disagreements: { g1: { firmId: 'f1', status: 'OPEN' }, g2: { firmId: 'f1', status: 'RESOLVED' }, gx: { firmId: 'f2', status: 'OPEN' } },
  },
};

export const proposed: DecisionProposed = {
  type: 'DecisionProposed',
  data: {
    decisionId: 'd1',
    firmId: 'f1',
    title: 'No litigation',
    outcome: 'Predictable advisory revenue',
    chosenAnswer: 'We refuse litigation work',
    alternatives: ['Litigation for existing clients'],
    rationale: 'Litigation staffing swings wreck our planning',
    layer: 'VISION',
    questionKey: 'refuse_to_do',
    resolves: ['g1'],
    supersedes: null,
    proposedBy: 'ada',
    proposedAt: T0,
  },
};

export const PARTNERS = ['ada', 'ben', 'cat'];

export const endorsed = (memberId: string, at: string): DecisionEvent => ({
  type: 'DecisionEndorsed',
  data: { decisionId: 'd1', memberId, at },
});

export const locked = (at: string, endorsedBy = PARTNERS): DecisionEvent => ({
  type: 'DecisionLocked',
  data: { decisionId: 'd1', firmId: 'f1', lockedAt: at, endorsedBy, questionKey: 'refuse_to_do', resolves: ['g1'], supersedes: null },
});

export const superseded = (by: string, at: string): DecisionEvent => ({
  type: 'DecisionSuperseded',
  data: { decisionId: 'd1', supersededBy: by, at },
});
