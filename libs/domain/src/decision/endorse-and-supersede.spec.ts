import { SYSTEM } from '../shared/command-meta';
import { auditor, facilitator, partner, T1, T2, T3 } from '../testing/actors';
import { given } from '../testing/given-when-then';
import type { EndorseDecision, ReassessLock, SupersedeDecision } from './commands';
import { endorsed, locked, PARTNERS, proposed, superseded } from './decision.fixtures';
import { decisionDecider } from './decide';
import type { DecisionEvent } from './events';

const decision = (events: DecisionEvent[] = []) => given(decisionDecider, events);
const endorse = (memberId: string, now: string, actor = partner(memberId)): EndorseDecision => ({
  type: 'EndorseDecision',
  actor,
  now,
  activePartnerIds: PARTNERS,
});
const supersede = (by: string, actor = SYSTEM): SupersedeDecision => ({ type: 'SupersedeDecision', actor, now: T3, supersededBy: by });
const lockedHistory = [proposed, endorsed('ada', T1), endorsed('ben', T1), endorsed('cat', T2), locked(T2)];

describe('endorsing a decision', () => {
  it('records the endorsement without locking while a partner has not endorsed', () =>
    decision([proposed]).when(endorse('ada', T1)).then([endorsed('ada', T1)]));
  it('still does not lock with one partner missing', () =>
    decision([proposed, endorsed('ada', T1)]).when(endorse('cat', T1)).then([endorsed('cat', T1)]));
  it('locks with the last endorsement, in endorsement order, copying the proposal links', () =>
    decision([proposed, endorsed('cat', T1), endorsed('ada', T1)])
      .when(endorse('ben', T2))
      .then([endorsed('ben', T2), locked(T2, ['cat', 'ada', 'ben'])]));
  it('locks when the partners still active have all endorsed', () =>
    decision([proposed, endorsed('ada', T1)])
      .when({ ...endorse('ben', T2), activePartnerIds: ['ada', 'ben'] })
      .then([endorsed('ben', T2), locked(T2, ['ada', 'ben'])]));

  it('refuses to endorse twice', () => decision([proposed, endorsed('ada', T1)]).when(endorse('ada', T2)).thenThrows('INVALID_STATE', /already endorsed/));
  it('refuses a facilitator', () =>
    decision([proposed]).when(endorse('fay', T1, facilitator('fay'))).thenThrows('FORBIDDEN', /Facilitators do not endorse decisions/));
  it('refuses an auditor', () => decision([proposed]).when(endorse('aud', T1, auditor('aud'))).thenThrows('FORBIDDEN', /Only partners/));
  it('refuses the system', () => decision([proposed]).when(endorse('x', T1, SYSTEM)).thenThrows('FORBIDDEN'));
  it('refuses a partner who is no longer active', () => decision([proposed]).when(endorse('dan', T1)).thenThrows('FORBIDDEN', /active partners/));
  it('refuses to endorse a locked decision', () => decision(lockedHistory).when(endorse('ada', T3)).thenThrows('INVALID_STATE', /already locked/));
  it('refuses to lock a superseded decision', () =>
    decision([proposed, endorsed('ada', T1), endorsed('ben', T1), superseded('d2', T2)])
      .when(endorse('cat', T3))
      .thenThrows('INVALID_STATE', /superseded by decision d2; propose a new decision/));
  it('refuses an unknown decision', () => decision().when(endorse('ada', T1)).thenThrows('NOT_FOUND'));
});

describe('superseding a decision', () => {
  it('supersedes a locked decision', () => decision(lockedHistory).when(supersede('d2')).then([superseded('d2', T3)]));
  it('decides nothing when superseded again by the same decision', () =>
    decision([...lockedHistory, superseded('d2', T3)]).when(supersede('d2')).then([]));
  it('refuses a second, different successor', () =>
    decision([...lockedHistory, superseded('d2', T3)]).when(supersede('d3')).thenThrows('INVALID_STATE', /already superseded by decision d2/));
  it('refuses a decision that is only proposed', () => decision([proposed]).when(supersede('d2')).thenThrows('INVALID_STATE', /not locked yet/));
  it('refuses a member', () => decision(lockedHistory).when(supersede('d2', partner('ada'))).thenThrows('FORBIDDEN'));
  it('refuses a decision superseding itself', () => decision(lockedHistory).when(supersede('d1')).thenThrows('BAD_USER_INPUT'));
  it('refuses an unknown decision', () => decision().when(supersede('d2')).thenThrows('NOT_FOUND'));
});

describe('when the partners change while a decision waits for endorsements', () => {
  const reassess = (activePartnerIds: string[], actor = SYSTEM): ReassessLock => ({ type: 'ReassessLock', actor, now: T3, activePartnerIds });

  it('locks once every partner still active has endorsed', () =>
    decision([proposed, endorsed('ada', T1), endorsed('ben', T2)])
      .when(reassess(['ada', 'ben']))
      .then([locked(T3, ['ada', 'ben'])]));
  it('does not lock while an active partner has not endorsed', () =>
    decision([proposed, endorsed('ada', T1)]).when(reassess(['ada', 'ben'])).then([]));
  it('does not lock a proposal nobody endorsed', () => decision([proposed]).when(reassess([])).then([]));
  it('decides nothing for a decision already locked', () => decision(lockedHistory).when(reassess(['ada'])).then([]));
  it('refuses a member', () => decision([proposed, endorsed('ada', T1)]).when(reassess(['ada'], partner('ada'))).thenThrows('FORBIDDEN'));
});
