import { actorId } from '../shared/command-meta';
import { badInput, forbidden, invalidState } from '../shared/domain-error';
import { validateQuestions } from '../firm/validation';
import type { FirmContext, OpenCheck } from './commands';
import type { CheckEvent } from './events';
import type { CheckState } from './state';

export const MIN_PARTICIPANTS = 2;

/** Opens a check with the firm's questions and partners unless the command names its own. */
export function openCheck(command: OpenCheck, state: CheckState): CheckEvent[] {
  if (state.status !== 'NONE') throw invalidState(`Check ${state.checkId} was already opened.`);
  const { firm, actor } = command;
  if (actor.kind === 'member') {
    const role = firm.members.find(({ memberId }) => memberId === actor.memberId)?.role;
    if (role !== 'PARTNER' && role !== 'FACILITATOR') {
      throw forbidden(`Only an active partner or facilitator of firm ${firm.firmId} can open a check.`);
    }
  }
  const questions = validateQuestions(command.questions ?? firm.questions);
  const participantIds = command.participantIds ? checkParticipants(command.participantIds, firm) : partnersOf(firm);
  if (participantIds.length < MIN_PARTICIPANTS) {
    throw invalidState(`A check needs at least two participants; this one would have ${participantIds.length}.`);
  }
  return [
    {
      type: 'CheckOpened',
      data: {
        checkId: command.checkId,
        firmId: firm.firmId,
        questions,
        participantIds,
        openedBy: actorId(actor),
        openedAt: command.now,
      },
    },
  ];
}

const partnersOf = (firm: FirmContext) => firm.members.filter(({ role }) => role === 'PARTNER').map(({ memberId }) => memberId);

/** Only the firm's active partners answer a check, each once. */
function checkParticipants(participantIds: readonly string[], firm: FirmContext): string[] {
  const seen = new Set<string>();
  for (const memberId of participantIds) {
    if (seen.has(memberId)) throw badInput(`Participant ${memberId} is named more than once.`, { memberId });
    seen.add(memberId);
    const role = firm.members.find((member) => member.memberId === memberId)?.role;
    if (role === undefined) {
      throw badInput(`Participant ${memberId} is not an active member of firm ${firm.firmId}.`, { memberId });
    }
    if (role !== 'PARTNER') {
      throw badInput(`Participant ${memberId} is a ${role.toLowerCase()}, not a partner; only partners answer a check.`, {
        memberId,
      });
    }
  }
  return [...participantIds];
}
