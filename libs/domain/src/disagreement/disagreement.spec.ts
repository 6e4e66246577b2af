import { SYSTEM } from '../shared/command-meta';
import { auditor, facilitator, partner, T0, T1, T2 } from '../testing/actors';
import { given } from '../testing/given-when-then';
import type { RaiseDisagreement } from './commands';
import { disagreementDecider } from './decide';
import type { DisagreementEvent } from './events';

const disagreement = (events: DisagreementEvent[] = []) => given(disagreementDecider, events);
const raise: RaiseDisagreement = {
  type: 'RaiseDisagreement',
  actor: partner('ada'),
  now: T0,
  disagreementId: 'g1',
  firmId: 'f1',
  topic: ' Do we take litigation work? ',
  layer: 'VISION',
  positions: [
    { memberId: 'ada', text: ' Never ' },
    { memberId: 'ben', text: 'Only for existing clients' },
  ],
  memberIds: ['ada', 'ben', 'fay'],
};
const raised: DisagreementEvent = {
  type: 'DisagreementRaised',
  data: {
    disagreementId: 'g1',
    firmId: 'f1',
    topic: 'Do we take litigation work?',
    layer: 'VISION',
    positions: [
      { memberId: 'ada', text: 'Never' },
      { memberId: 'ben', text: 'Only for existing clients' },
    ],
    raisedBy: 'ada',
    raisedAt: T0,
  },
};
const deferred = (reason: string, at = T1): DisagreementEvent => ({
  type: 'DisagreementDeferred',
  data: { disagreementId: 'g1', reason, deferredBy: 'fay', at },
});
const resolved: DisagreementEvent = { type: 'DisagreementResolved', data: { disagreementId: 'g1', decisionId: 'd1', resolvedAt: T2 } };

describe('raising a disagreement', () => {
  it('raises it by hand with trimmed positions', () => disagreement().when(raise).then([raised]));
  it('lets a closed check raise it through the system, naming the check and question', () =>
    disagreement()
      .when({ ...raise, actor: SYSTEM, checkId: 'c1', questionKey: 'refuse_to_do' })
      .then([{ type: 'DisagreementRaised', data: { ...raised.data, raisedBy: 'system', checkId: 'c1', questionKey: 'refuse_to_do' } }]));
  it('carries a check\'s prompt and answers as they were recorded, even ones today\'s limits would refuse from a member', () => {
    const oldPrompt = `${'What do clients stop worrying about? '.repeat(20)}\nSay it plainly.`;
    const oldAnswer = 'Deadlines\u0007 slipping';
    const system = { ...raise, actor: SYSTEM, checkId: 'c1', questionKey: 'client_outcome', topic: oldPrompt, positions: [{ memberId: 'ada', text: oldAnswer }] };
    disagreement()
      .when(system)
      .then([{ type: 'DisagreementRaised', data: { ...raised.data, raisedBy: 'system', checkId: 'c1', questionKey: 'client_outcome', topic: oldPrompt.trim(), positions: [{ memberId: 'ada', text: oldAnswer }] } }]);
    disagreement().when({ ...system, actor: partner('ada') }).thenThrows('BAD_USER_INPUT', /topic/);
  });
  it('accepts a single position', () =>
    disagreement()
      .when({ ...raise, actor: facilitator('fay'), positions: [{ memberId: 'ada', text: 'Never' }] })
      .then([{ type: 'DisagreementRaised', data: { ...raised.data, raisedBy: 'fay', positions: [{ memberId: 'ada', text: 'Never' }] } }]));
  it('refuses to raise it twice', () => disagreement([raised]).when(raise).thenThrows('INVALID_STATE', /already raised/));
  it('refuses an auditor', () => disagreement().when({ ...raise, actor: auditor('aud') }).thenThrows('FORBIDDEN'));
  it('refuses an empty topic', () => disagreement().when({ ...raise, topic: ' ' }).thenThrows('BAD_USER_INPUT', /topic/));
  it('refuses an unknown layer', () => disagreement().when({ ...raise, layer: 'CULTURE' as never }).thenThrows('BAD_USER_INPUT', /VISION, PEOPLE/));
  it('refuses no positions', () => disagreement().when({ ...raise, positions: [] }).thenThrows('BAD_USER_INPUT', /at least one position/));
  it('refuses a position of a non-member, naming them', () =>
    disagreement().when({ ...raise, positions: [{ memberId: 'zed', text: 'Yes' }] }).thenThrows('BAD_USER_INPUT', /zed/));
  it('refuses two positions of one member', () =>
    disagreement()
      .when({ ...raise, positions: [{ memberId: 'ada', text: 'Yes' }, { memberId: 'ada', text: 'No' }] })
      .thenThrows('BAD_USER_INPUT', /ada has more than one position/));
  it('refuses an empty position', () =>
    disagreement().when({ ...raise, positions: [{ memberId: 'ada', text: '' }] }).thenThrows('BAD_USER_INPUT', /position of member ada/));
});

describe('deferring a disagreement', () => {
  const defer = (reason: string, at = T1) => ({ type: 'DeferDisagreement' as const, actor: facilitator('fay'), now: at, reason });
  it('defers it with the trimmed reason', () => disagreement([raised]).when(defer(' After the merger ')).then([deferred('After the merger')]));
  it('may defer it again, keeping each reason', () =>
    disagreement([raised, deferred('After the merger')]).when(defer('Still busy', T2)).then([deferred('Still busy', T2)]));
  it('refuses to defer a resolved one', () => disagreement([raised, resolved]).when(defer('Later')).thenThrows('INVALID_STATE', /already resolved/));
  it('refuses an unknown one', () => disagreement().when(defer('Later')).thenThrows('NOT_FOUND'));
  it('refuses an empty reason', () => disagreement([raised]).when(defer('  ')).thenThrows('BAD_USER_INPUT', /reason/));
  it('refuses the system', () => disagreement([raised]).when({ ...defer('Later'), actor: SYSTEM }).thenThrows('FORBIDDEN'));
});

describe('resolving a disagreement', () => {
  const resolve = (actor = SYSTEM) => ({ type: 'ResolveDisagreement' as const, actor, now: T2, decisionId: 'd1' });
  it('is resolved by a locked decision', () => disagreement([raised]).when(resolve()).then([resolved]));
  it('resolves a deferred one', () => disagreement([raised, deferred('Later')]).when(resolve(partner('ada'))).then([resolved]));
  it('decides nothing once resolved, so two decisions naming it resolve it once', () =>
    disagreement([raised, resolved]).when({ ...resolve(), decisionId: 'd2' }).then([]));
  it('refuses a facilitator', () => disagreement([raised]).when(resolve(facilitator('fay'))).thenThrows('FORBIDDEN'));
  it('refuses an unknown one', () => disagreement().when(resolve()).thenThrows('NOT_FOUND'));
});
