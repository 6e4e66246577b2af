import { SYSTEM } from '../shared/command-meta';
import { DEFAULT_CADENCE_DAYS, MAX_TEXT_LENGTH, STANDARD_QUESTIONS } from '../shared/vocabulary';
import { auditor, facilitator, partner, T0, T1, viewer } from '../testing/actors';
import { replay } from '../shared/decider';
import { given } from '../testing/given-when-then';
import type { FirmCommand } from './commands';
import { firmDecider } from './decide';
import type { FirmEvent } from './events';
import { activePartnerIds, memberOf } from './state';

const founded: FirmEvent = {
  type: 'FirmFounded',
  data: {
    firmId: 'f1',
    name: 'Okafor & Lind',
    kind: 'LAW',
    foundedAt: T0,
    founder: { memberId: 'ada', name: 'Ada Okafor', tokenHash: 'h-ada' },
    questions: STANDARD_QUESTIONS.map((q) => ({ ...q })),
    cadenceDays: DEFAULT_CADENCE_DAYS,
  },
};
const joined = (memberId: string, role: 'PARTNER' | 'FACILITATOR' | 'AUDITOR' | 'VIEWER'): FirmEvent => ({
  type: 'MemberJoined',
  data: { firmId: 'f1', memberId, name: `Name ${memberId}`, role, tokenHash: `h-${memberId}`, joinedAt: T0 },
});
const left = (memberId: string): FirmEvent => ({ type: 'MemberLeft', data: { firmId: 'f1', memberId } });
const firm = (events: FirmEvent[] = []) => given(firmDecider, events);
const withTwoPartners = [founded, joined('ben', 'PARTNER'), joined('fay', 'FACILITATOR')];
const by = { actor: partner('ada'), now: T1 };

describe('founding a firm', () => {
  const found: FirmCommand = {
    type: 'FoundFirm',
    actor: SYSTEM,
    now: T0,
    firmId: 'f1',
    name: '  Okafor & Lind ',
    kind: 'LAW',
    founder: { memberId: 'ada', name: 'Ada Okafor ', tokenHash: 'h-ada' },
  };
  it('founds it with the standard questions, the default cadence and the founder, trimmed', () =>
    firm().when(found).then([founded]));
  it('refuses to found it twice', () => firm([founded]).when(found).thenThrows('INVALID_STATE', /already founded/));
  it('refuses an empty name', () => firm().when({ ...found, name: '   ' }).thenThrows('BAD_USER_INPUT', /firm name must not be empty/));
  it('refuses a name longer than the limit', () =>
    firm().when({ ...found, name: 'x'.repeat(MAX_TEXT_LENGTH + 1) }).thenThrows('BAD_USER_INPUT', /at most 200 are allowed/));
  it('refuses an unknown kind', () => firm().when({ ...found, kind: 'GUILD' as never }).thenThrows('BAD_USER_INPUT', /kind/));
});

describe('when the firm was not founded', () => {
  it('refuses every other command as not found', () =>
    firm().when({ type: 'SetCadence', ...by, cadenceDays: 30 }).thenThrows('NOT_FOUND', /does not exist/));
});

describe('adding a member', () => {
  const add: FirmCommand = { type: 'AddMember', ...by, memberId: 'cy', name: ' Cy ', role: 'AUDITOR', tokenHash: 'h-cy' };
  const cyJoined: FirmEvent = {
    type: 'MemberJoined',
    data: { firmId: 'f1', memberId: 'cy', name: 'Cy', role: 'AUDITOR', tokenHash: 'h-cy', joinedAt: T1 },
  };
  it('lets a partner add one', () => firm([founded]).when(add).then([cyJoined]));
  it('lets the system add one', () => firm([founded]).when({ ...add, actor: SYSTEM }).then([cyJoined]));
  it('refuses a facilitator', () =>
    firm(withTwoPartners).when({ ...add, actor: facilitator('fay') }).thenThrows('FORBIDDEN', /active partner/));
  it('refuses a partner who left', () =>
    firm([...withTwoPartners, left('ben')]).when({ ...add, actor: partner('ben') }).thenThrows('FORBIDDEN'));
  it('refuses an id already taken', () => firm(withTwoPartners).when({ ...add, memberId: 'ben' }).thenThrows('INVALID_STATE', /ben/));
  it('refuses an unknown role', () => firm([founded]).when({ ...add, role: 'OWNER' as never }).thenThrows('BAD_USER_INPUT', /role/));
  it('refuses an empty name', () => firm([founded]).when({ ...add, name: '' }).thenThrows('BAD_USER_INPUT', /member name/));
});

describe('changing a role', () => {
  const change = (memberId: string, role: 'PARTNER' | 'FACILITATOR' | 'AUDITOR' | 'VIEWER'): FirmCommand => ({
    type: 'ChangeMemberRole',
    ...by,
    memberId,
    role,
  });
  it('changes it, naming the previous role', () =>
    firm(withTwoPartners)
      .when(change('fay', 'PARTNER'))
      .then([{ type: 'MemberRoleChanged', data: { firmId: 'f1', memberId: 'fay', role: 'PARTNER', previousRole: 'FACILITATOR' } }]));
  it('decides nothing when the member already holds the role', () => firm(withTwoPartners).when(change('ben', 'PARTNER')).then([]));
  it('refuses an unknown member', () => firm(withTwoPartners).when(change('zed', 'VIEWER')).thenThrows('NOT_FOUND', /zed/));
  it('refuses a member who left', () => firm([...withTwoPartners, left('fay')]).when(change('fay', 'VIEWER')).thenThrows('NOT_FOUND'));
  it('refuses to demote the last partner', () =>
    firm([founded]).when(change('ada', 'FACILITATOR')).thenThrows('INVALID_STATE', /last active partner/));
  it('demotes a partner while another remains', () =>
    firm(withTwoPartners)
      .when(change('ada', 'VIEWER'))
      .then([{ type: 'MemberRoleChanged', data: { firmId: 'f1', memberId: 'ada', role: 'VIEWER', previousRole: 'PARTNER' } }]));
  it('refuses an auditor', () => firm(withTwoPartners).when({ ...change('ben', 'VIEWER'), actor: auditor('ada') }).thenThrows('FORBIDDEN'));
});

describe('removing a member', () => {
  const remove = (memberId: string): FirmCommand => ({ type: 'RemoveMember', ...by, memberId });
  it('lets a partner leave while another partner remains', () =>
    firm(withTwoPartners).when(remove('ben')).then([left('ben')]));
  it('does not let the last partner leave', () =>
    firm([...withTwoPartners, left('ben')]).when(remove('ada')).thenThrows('INVALID_STATE', /a firm always keeps a partner/));
  it('refuses a member who already left', () => firm([...withTwoPartners, left('ben')]).when(remove('ben')).thenThrows('NOT_FOUND'));
  it('refuses a non-partner', () => firm(withTwoPartners).when({ ...remove('ben'), actor: facilitator('fay') }).thenThrows('FORBIDDEN'));
});

const rotated = (memberId: string, tokenHash: string): FirmEvent => ({
  type: 'MemberTokenRotated',
  data: { firmId: 'f1', memberId, tokenHash, rotatedAt: T1 },
});
const revoked = (memberId: string): FirmEvent => ({ type: 'MemberTokenRevoked', data: { firmId: 'f1', memberId, revokedAt: T1 } });

describe('rotating a token', () => {
  const rotate = (memberId: string, actor = partner('ada')): FirmCommand => ({
    type: 'RotateMemberToken',
    actor,
    now: T1,
    memberId,
    tokenHash: `new-${memberId}`,
  });
  const withViewer = [...withTwoPartners, joined('vic', 'VIEWER')];
  it('lets any member rotate their own', () => firm(withViewer).when(rotate('vic', viewer('vic'))).then([rotated('vic', 'new-vic')]));
  it("lets a partner rotate another member's", () => firm(withViewer).when(rotate('vic')).then([rotated('vic', 'new-vic')]));
  it('gives a revoked member a token again', () => firm([...withViewer, revoked('vic')]).when(rotate('vic')).then([rotated('vic', 'new-vic')]));
  it("refuses a viewer rotating another member's", () =>
    firm(withViewer).when(rotate('ben', viewer('vic'))).thenThrows('FORBIDDEN', /active partner/));
  it("refuses a facilitator rotating another member's", () =>
    firm(withViewer).when(rotate('vic', facilitator('fay'))).thenThrows('FORBIDDEN'));
  it('refuses a member who left', () => firm([...withViewer, left('vic')]).when(rotate('vic')).thenThrows('NOT_FOUND', /vic/));
  it('refuses an unknown member', () => firm(withViewer).when(rotate('zed')).thenThrows('NOT_FOUND', /zed/));
});

describe('revoking a token', () => {
  const revoke = (memberId: string, actor = partner('ada')): FirmCommand => ({ type: 'RevokeMemberToken', actor, now: T1, memberId });
  it('lets a member revoke their own', () => firm(withTwoPartners).when(revoke('fay', facilitator('fay'))).then([revoked('fay')]));
  it("lets a partner revoke another member's", () => firm(withTwoPartners).when(revoke('ben')).then([revoked('ben')]));
  it('lets a partner revoke their own while another partner can sign in', () =>
    firm(withTwoPartners).when(revoke('ada')).then([revoked('ada')]));
  it('decides nothing when the token is already revoked', () => firm([...withTwoPartners, revoked('fay')]).when(revoke('fay')).then([]));
  it("refuses a non-partner revoking another member's", () =>
    firm(withTwoPartners).when(revoke('ben', facilitator('fay'))).thenThrows('FORBIDDEN', /active partner/));
  it('refuses a member who left', () => firm([...withTwoPartners, left('fay')]).when(revoke('fay')).thenThrows('NOT_FOUND'));
  it("refuses the last partner's own token", () =>
    firm([founded]).when(revoke('ada')).thenThrows('INVALID_STATE', /last active partner.*rotate it instead/));
  it('refuses the last partner who can still sign in', () =>
    firm([...withTwoPartners, revoked('ben')]).when(revoke('ada')).thenThrows('INVALID_STATE', /last active partner/));
  it('does not let the last partner who can sign in leave', () =>
    firm([...withTwoPartners, revoked('ada')])
      .when({ type: 'RemoveMember', actor: partner('ben'), now: T1, memberId: 'ben' })
      .thenThrows('INVALID_STATE', /a firm always keeps a partner/));
  it('lets a partner without a token be removed', () =>
    firm([...withTwoPartners, revoked('ada')])
      .when({ type: 'RemoveMember', actor: partner('ben'), now: T1, memberId: 'ada' })
      .then([left('ada')]));
});

describe('defining the question set', () => {
  const define = (questions: { key: string; prompt: string }[]): FirmCommand => ({ type: 'DefineQuestionSet', ...by, questions });
  it('records the questions with trimmed prompts', () =>
    firm([founded])
      .when(define([{ key: 'pricing', prompt: ' How do we price? ' }]))
      .then([{ type: 'QuestionSetDefined', data: { firmId: 'f1', questions: [{ key: 'pricing', prompt: 'How do we price?' }] } }]));
  it('refuses an empty set', () => firm([founded]).when(define([])).thenThrows('BAD_USER_INPUT', /between 1 and 12/));
  it('refuses more than twelve questions', () =>
    firm([founded])
      .when(define(Array.from({ length: 13 }, (_, i) => ({ key: `q${i}`, prompt: 'Why?' }))))
      .thenThrows('BAD_USER_INPUT', /got 13/));
  it('refuses a malformed key, naming it', () =>
    firm([founded]).when(define([{ key: 'Pricing', prompt: 'Why?' }])).thenThrows('BAD_USER_INPUT', /"Pricing"/));
  it('refuses a repeated key, naming it', () =>
    firm([founded])
      .when(define([{ key: 'a', prompt: 'One?' }, { key: 'a', prompt: 'Two?' }]))
      .thenThrows('BAD_USER_INPUT', /"a" appears more than once/));
  it('refuses an empty prompt', () => firm([founded]).when(define([{ key: 'a', prompt: ' ' }])).thenThrows('BAD_USER_INPUT', /prompt/));
  it('refuses a facilitator', () =>
    firm(withTwoPartners).when({ ...define([{ key: 'a', prompt: 'A?' }]), actor: facilitator('fay') }).thenThrows('FORBIDDEN'));
});

describe('setting the cadence', () => {
  const set = (cadenceDays: number): FirmCommand => ({ type: 'SetCadence', ...by, cadenceDays });
  it('sets it', () => firm([founded]).when(set(30)).then([{ type: 'CadenceSet', data: { firmId: 'f1', cadenceDays: 30 } }]));
  it.each([6, 731, 30.5, Number.NaN])('refuses %p days', (days) => firm([founded]).when(set(days)).thenThrows('BAD_USER_INPUT', /7 to 730/));
  it('refuses a viewer', () => firm([founded]).when({ ...set(30), actor: auditor('ada') }).thenThrows('FORBIDDEN'));
});

describe('defining vague words', () => {
  const define = (words: string[]): FirmCommand => ({ type: 'DefineVagueWords', ...by, words });
  it('stores them trimmed, lower case and once each', () =>
    firm([founded])
      .when(define([' Synergy ', 'holistic', 'synergy']))
      .then([{ type: 'VagueWordsDefined', data: { firmId: 'f1', words: ['synergy', 'holistic'] } }]));
  it('refuses an empty list', () => firm([founded]).when(define([])).thenThrows('BAD_USER_INPUT', /between 1 and 200/));
  it('refuses more than 200 words', () =>
    firm([founded]).when(define(Array.from({ length: 201 }, (_, i) => `w${i}`))).thenThrows('BAD_USER_INPUT'));
  it('refuses a one-letter word', () => firm([founded]).when(define(['a'])).thenThrows('BAD_USER_INPUT', /2 to 40/));
  it('refuses a non-partner', () => firm(withTwoPartners).when({ ...define(['synergy']), actor: facilitator('fay') }).thenThrows('FORBIDDEN'));
});

describe('the firm state', () => {
  const state = replay(firmDecider, [
    ...withTwoPartners,
    { type: 'MemberRoleChanged', data: { firmId: 'f1', memberId: 'ben', role: 'VIEWER', previousRole: 'PARTNER' } },
    left('fay'),
    revoked('ben'),
    rotated('ben', 'h-ben-2'),
    revoked('ada'),
    { type: 'QuestionSetDefined', data: { firmId: 'f1', questions: [{ key: 'pricing', prompt: 'How do we price?' }] } },
    { type: 'CadenceSet', data: { firmId: 'f1', cadenceDays: 30 } },
    { type: 'VagueWordsDefined', data: { firmId: 'f1', words: ['synergy'] } },
  ]);
  it('folds every event of the firm', () =>
    expect(state).toEqual({
      founded: true,
      firmId: 'f1',
      name: 'Okafor & Lind',
      kind: 'LAW',
      members: {
        ada: { name: 'Ada Okafor', role: 'PARTNER', active: true, hasToken: false },
        ben: { name: 'Name ben', role: 'VIEWER', active: true, hasToken: true },
        fay: { name: 'Name fay', role: 'FACILITATOR', active: false, hasToken: true },
      },
      questions: [{ key: 'pricing', prompt: 'How do we price?' }],
      cadenceDays: 30,
      vagueWords: ['synergy'],
    }));
  it('lists the active partners', () => expect(activePartnerIds(state)).toEqual(['ada']));
  it('knows no member by a prototype key', () => expect(memberOf(state, 'constructor')).toBeUndefined());
  it('refuses a demoted partner', () =>
    given(firmDecider, [...withTwoPartners, { type: 'MemberRoleChanged', data: { firmId: 'f1', memberId: 'ben', role: 'VIEWER', previousRole: 'PARTNER' } }])
      .when({ type: 'SetCadence', actor: partner('ben'), now: T1, cadenceDays: 30 })
      .thenThrows('FORBIDDEN'));
});
