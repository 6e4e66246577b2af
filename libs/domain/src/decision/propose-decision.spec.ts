import { SYSTEM } from '../shared/command-meta';
import { facilitator } from '../testing/actors';
import { given } from '../testing/given-when-then';
import { propose, proposed } from './decision.fixtures';
import type { ProposeDecision } from './commands';
import { decisionDecider } from './decide';
import type { DecisionEvent } from './events';

const decision = (events: DecisionEvent[] = []) => given(decisionDecider, events);
const withContext = (context: Partial<ProposeDecision['context']>, change: Partial<ProposeDecision> = {}): ProposeDecision => ({
  ...propose,
  ...change,
  context: { ...propose.context, ...context },
});

describe('proposing a decision', () => {
  it('records the proposal with trimmed texts, not as an endorsement', () => decision().when(propose).then([proposed]));
  it('allows a decision without rejected alternatives or question', () =>
    decision()
      .when({ ...propose, alternatives: [], questionKey: null, resolves: [] })
      .then([{ type: 'DecisionProposed', data: { ...proposed.data, alternatives: [], questionKey: null, resolves: [] } }]));
  it('refuses to propose it twice', () => decision([proposed]).when(propose).thenThrows('INVALID_STATE', /already proposed/));
  it('refuses a facilitator', () => decision().when({ ...propose, actor: facilitator('fay') }).thenThrows('FORBIDDEN', /Only partners propose/));
  it('refuses the system', () => decision().when({ ...propose, actor: SYSTEM }).thenThrows('FORBIDDEN'));
  it('refuses a context of another firm', () => decision().when(withContext({ firmId: 'f2' })).thenThrows('FORBIDDEN'));

  it('insists on the outcome it optimizes for', () =>
    decision().when({ ...propose, outcome: '  ' }).thenThrows('BAD_USER_INPUT', /must say what outcome it optimizes for/));
  it.each(['title', 'chosenAnswer', 'rationale'] as const)('refuses an empty %s', (field) =>
    decision().when({ ...propose, [field]: '' }).thenThrows('BAD_USER_INPUT', /must not be empty/));
  it('refuses an empty alternative', () =>
    decision().when({ ...propose, alternatives: ['Growth', ' '] }).thenThrows('BAD_USER_INPUT', /alternative 2/));
  it('refuses more than twenty alternatives', () =>
    decision().when({ ...propose, alternatives: Array.from({ length: 21 }, (_, i) => `Option ${i}`) }).thenThrows('BAD_USER_INPUT', /at most 20/));
  it('refuses an unknown layer', () => decision().when({ ...propose, layer: 'MOOD' as never }).thenThrows('BAD_USER_INPUT', /layer/));
  it('refuses an unknown question, naming the valid keys', () =>
    decision().when({ ...propose, questionKey: 'pricing' }).thenThrows('BAD_USER_INPUT', /client_outcome, optimizing_for, refuse_to_do/));

  it('refuses to resolve a disagreement that does not exist', () =>
    decision().when({ ...propose, resolves: ['g9'] }).thenThrows('NOT_FOUND', /g9/));
  it("treats another firm's disagreement as not existing", () =>
    decision().when({ ...propose, resolves: ['gx'] }).thenThrows('NOT_FOUND', /Disagreement gx does not exist/));
  it('refuses to resolve a resolved disagreement', () =>
    decision().when({ ...propose, resolves: ['g2'] }).thenThrows('INVALID_STATE', /already resolved/));
  it('refuses a disagreement named twice', () =>
    decision().when({ ...propose, resolves: ['g1', 'g1'] }).thenThrows('BAD_USER_INPUT', /more than once/));
});

describe('proposing to supersede a decision', () => {
  const superseding = (status?: 'PROPOSED' | 'LOCKED' | 'SUPERSEDED', firmId = 'f1') =>
    withContext({ superseded: status && { firmId, status } }, { supersedes: 'd0' });

  it('links back to a locked decision', () =>
    decision()
      .when(superseding('LOCKED'))
      .then([{ type: 'DecisionProposed', data: { ...proposed.data, supersedes: 'd0' } }]));
  it('refuses one that does not exist', () => decision().when(superseding()).thenThrows('NOT_FOUND', /d0/));
  it("treats another firm's decision as not existing", () => decision().when(superseding('LOCKED', 'f2')).thenThrows('NOT_FOUND', /d0/));
  it('refuses one still proposed', () =>
    decision().when(superseding('PROPOSED')).thenThrows('INVALID_STATE', /Only a locked decision can be superseded/));
  it('refuses one already superseded', () =>
    decision().when(superseding('SUPERSEDED')).thenThrows('INVALID_STATE', /already superseded/));
});
