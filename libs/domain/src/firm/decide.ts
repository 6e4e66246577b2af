import { assertNever, type Decider } from '../shared/decider';
import { badInput, DomainError, invalidState } from '../shared/domain-error';
import { DEFAULT_CADENCE_DAYS, FIRM_KINDS, STANDARD_QUESTIONS } from '../shared/vocabulary';
import type { DefineVagueWords, FirmCommand, FoundFirm, SetCadence } from './commands';
import { addMember, changeMemberRole, removeMember, requireActivePartner, revokeMemberToken, rotateMemberToken } from './decide-members';
import type { FirmEvent } from './events';
import { evolveFirm, type FirmState, initialFirmState } from './state';
import { requirePrintable, TEXT_RULES } from '../shared/text';
import { requireText, validateQuestions } from './validation';

export const MIN_CADENCE_DAYS = 7;
export const MAX_CADENCE_DAYS = 730;
export const MAX_VAGUE_WORDS = 200;

export function decideFirm(command: FirmCommand, state: FirmState): FirmEvent[] {
  if (command.type === 'FoundFirm') return foundFirm(command, state);
  if (!state.founded) throw new DomainError('NOT_FOUND', 'This firm does not exist; found it first.');
  switch (command.type) {
    case 'AddMember':
      return addMember(command, state);
    case 'ChangeMemberRole':
      return changeMemberRole(command, state);
    case 'RemoveMember':
      return removeMember(command, state);
    case 'RotateMemberToken':
      return rotateMemberToken(command, state);
    case 'RevokeMemberToken':
      return revokeMemberToken(command, state);
    case 'DefineQuestionSet': {
      requireActivePartner(state, command.actor, 'define the question set');
      return [{ type: 'QuestionSetDefined', data: { firmId: state.firmId, questions: validateQuestions(command.questions) } }];
    }
    case 'SetCadence':
      return setCadence(command, state);
    case 'DefineVagueWords':
      return defineVagueWords(command, state);
    default:
      return assertNever(command);
  }
}

/** A new firm starts with the standard three questions, the default cadence and its founder as partner. */
function foundFirm(command: FoundFirm, state: FirmState): FirmEvent[] {
  if (state.founded) throw invalidState(`Firm ${state.firmId} was already founded.`);
  const name = requireText('the firm name', command.name, TEXT_RULES.name);
  if (typeof command.kind !== 'string' || !(FIRM_KINDS as readonly string[]).includes(command.kind)) {
    throw badInput(`The firm kind must be one of ${FIRM_KINDS.join(', ')}.`, { field: 'kind' });
  }
  const founderName = requireText("the founder's name", command.founder.name, TEXT_RULES.name);
  return [
    {
      type: 'FirmFounded',
      data: {
        firmId: command.firmId,
        name,
        kind: command.kind,
        foundedAt: command.now,
        founder: { memberId: command.founder.memberId, name: founderName, tokenHash: command.founder.tokenHash },
        questions: STANDARD_QUESTIONS.map((question) => ({ ...question })),
        cadenceDays: DEFAULT_CADENCE_DAYS,
      },
    },
  ];
}

function setCadence(command: SetCadence, state: FirmState): FirmEvent[] {
  requireActivePartner(state, command.actor, 'set the check cadence');
  const days = command.cadenceDays;
  if (!Number.isInteger(days) || days < MIN_CADENCE_DAYS || days > MAX_CADENCE_DAYS) {
    const range = `${MIN_CADENCE_DAYS} to ${MAX_CADENCE_DAYS}`;
    throw badInput(`The check cadence must be a whole number of days from ${range}; got ${days}.`, { field: 'cadenceDays' });
  }
  return [{ type: 'CadenceSet', data: { firmId: state.firmId, cadenceDays: days } }];
}

/** Replaces the firm's own list; words are stored trimmed, lower case and without repeats. */
function defineVagueWords(command: DefineVagueWords, state: FirmState): FirmEvent[] {
  requireActivePartner(state, command.actor, 'define vague words');
  const raw = command.words;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_VAGUE_WORDS) {
    throw badInput(`A list of vague words needs between 1 and ${MAX_VAGUE_WORDS} words; got ${raw?.length ?? 0}.`);
  }
  const words: string[] = [];
  for (const entry of raw) {
    const word = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
    if (word.length < 2 || word.length > 40) {
      throw badInput(`The vague word ${JSON.stringify(entry)} must be 2 to 40 characters long.`, { word: entry });
    }
    requirePrintable(`the vague word ${JSON.stringify(word)}`, word, false);
    if (!words.includes(word)) words.push(word);
  }
  return [{ type: 'VagueWordsDefined', data: { firmId: state.firmId, words } }];
}

export const firmDecider: Decider<FirmCommand, FirmEvent, FirmState> = {
  decide: decideFirm,
  evolve: evolveFirm,
  initialState: initialFirmState,
};
