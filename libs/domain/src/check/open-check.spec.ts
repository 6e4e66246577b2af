import { SYSTEM } from '../shared/command-meta';
import { auditor, facilitator, partner, T0 } from '../testing/actors';
import { given } from '../testing/given-when-then';
import { firmContext, opened } from './check.fixtures';
import type { OpenCheck } from './commands';
import { checkDecider } from './decide';
import type { CheckEvent } from './events';

const check = (events: CheckEvent[] = []) => given(checkDecider, events);
const open: OpenCheck = { type: 'OpenCheck', actor: facilitator('fay'), now: T0, checkId: 'c1', firm: firmContext };

describe('opening a check', () => {
  it("asks the firm's questions of every active partner by default", () => check().when(open).then([opened]));

  it('may ask its own questions of named partners', () =>
    check()
      .when({ ...open, actor: partner('ada'), questions: [{ key: 'pricing', prompt: ' How do we price? ' }], participantIds: ['ben', 'ada'] })
      .then([
        {
          type: 'CheckOpened',
          data: {
            ...opened.data,
            questions: [{ key: 'pricing', prompt: 'How do we price?' }],
            participantIds: ['ben', 'ada'],
            openedBy: 'ada',
          },
        },
      ]));

  it('refuses to open a check twice', () => check([opened]).when(open).thenThrows('INVALID_STATE', /already opened/));
  it('refuses an auditor', () => check().when({ ...open, actor: auditor('aud') }).thenThrows('FORBIDDEN', /partner or facilitator/));
  it('refuses a partner of another firm', () => check().when({ ...open, actor: partner('zed') }).thenThrows('FORBIDDEN'));
  it('lets the system open one', () => check().when({ ...open, actor: SYSTEM }).then([{ ...opened, data: { ...opened.data, openedBy: 'system' } }]));

  it('refuses a facilitator as participant, naming them', () =>
    check().when({ ...open, participantIds: ['ada', 'fay'] }).thenThrows('BAD_USER_INPUT', /fay is a facilitator/));
  it('refuses an unknown participant, naming them', () =>
    check().when({ ...open, participantIds: ['ada', 'zed'] }).thenThrows('BAD_USER_INPUT', /zed is not an active member/));
  it('refuses a participant named twice', () =>
    check().when({ ...open, participantIds: ['ada', 'ada'] }).thenThrows('BAD_USER_INPUT', /ada is named more than once/));
  it('needs at least two participants', () =>
    check().when({ ...open, participantIds: ['ada'] }).thenThrows('INVALID_STATE', /at least two participants/));
  it('needs at least two partners in the firm by default', () =>
    check()
      .when({ ...open, firm: { ...firmContext, members: firmContext.members.filter(({ memberId }) => memberId !== 'ben') } })
      .thenThrows('INVALID_STATE', /at least two participants/));

  it('refuses an empty question set', () => check().when({ ...open, questions: [] }).thenThrows('BAD_USER_INPUT', /between 1 and 12/));
  it('refuses repeated question keys', () =>
    check()
      .when({ ...open, questions: [{ key: 'a', prompt: 'A?' }, { key: 'a', prompt: 'B?' }] })
      .thenThrows('BAD_USER_INPUT', /"a" appears more than once/));
  it('refuses a malformed question key', () =>
    check().when({ ...open, questions: [{ key: '1st', prompt: 'A?' }] }).thenThrows('BAD_USER_INPUT', /"1st"/));
});

describe('when the check was never opened', () => {
  it('refuses every other command as not found', () =>
    check().when({ type: 'RevealCheck', actor: facilitator('fay'), now: T0 }).thenThrows('NOT_FOUND'));
});
