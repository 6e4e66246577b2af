import type { Rng } from './crash-harness-rng';
import { answerText, decisionInput, DEFAULT_QUESTION_KEYS, deferReason, firmName, layer, personName, topic } from './crash-harness-texts';
import type { FuzzCheck, FuzzFirm, FuzzMember, FuzzRole, FuzzWorld } from './fuzz-world';

/** A mutation the world makes plausible: the caller's token and its arguments. */
export interface Planned {
  token?: string;
  args: Record<string, unknown>;
}

/**
 * One mutation of the schema: the fields it selects, a plan of plausible arguments (undefined: none
 * yet), and what a success teaches, read from the response alone, since the arguments may have been
 * made hostile and still been accepted.
 */
export interface MutationSpec {
  selection: string;
  plan(world: FuzzWorld, rng: Rng): Planned | undefined;
  learn?(result: any, world: FuzzWorld): void;
}

const ROLES: FuzzRole[] = ['PARTNER', 'FACILITATOR', 'AUDITOR', 'VIEWER'];
const KINDS = ['LAW', 'CONSULTING', 'AGENCY', 'ACCOUNTING', 'OTHER'];
const EXTRA_KEYS = ['hiring_bar', 'pricing', 'growth_market'];
const CHECK_SELECTION = 'id firmId status questions { key judgement } participants { id }';
const FIRM_SELECTION = 'id name cadenceDays questions { key }';

/** A member of a firm with one of `roles` (any active one when none has it, so roles get tried wrongly too). */
function actor(world: FuzzWorld, rng: Rng, firm: FuzzFirm, ...roles: FuzzRole[]): FuzzMember | undefined {
  const fitting = world.members(firm, ...roles).filter((member) => member.token);
  if (fitting.length > 0 && rng.chance(0.9)) return rng.pick(fitting);
  const any = world.members(firm).filter((member) => member.token);
  return any.length === 0 ? undefined : rng.pick(any);
}

/** Plans with a firm and a member of it in one of `roles`. */
function inFirm(
  roles: FuzzRole[],
  plan: (firm: FuzzFirm, by: FuzzMember, world: FuzzWorld, rng: Rng) => Planned['args'] | undefined,
): MutationSpec['plan'] {
  return (world, rng) => {
    const firm = world.firm(rng);
    const by = firm && actor(world, rng, firm, ...roles);
    if (!firm || !by) return undefined;
    const args = plan(firm, by, world, rng);
    return args && { args, token: by.token };
  };
}

function checkIn(firm: FuzzFirm, rng: Rng, status: FuzzCheck['status'], accept: (check: FuzzCheck) => boolean = () => true): FuzzCheck | undefined {
  const fitting = firm.checks.filter((check) => check.status === status && accept(check));
  if (fitting.length > 0 && rng.chance(0.85)) return rng.pick(fitting);
  return firm.checks.length === 0 ? undefined : rng.pick(firm.checks);
}

function learnCheck(result: any, world: FuzzWorld): void {
  const firm = world.firmOf(result.firmId);
  if (!firm) return;
  const known = firm.checks.find((check) => check.id === result.id);
  const check: FuzzCheck = {
    id: result.id,
    status: result.status,
    keys: result.questions.map((question: { key: string }) => question.key),
    judged: result.questions.filter((question: { judgement: string | null }) => question.judgement).map((question: { key: string }) => question.key),
    participantIds: result.participants.map((member: { id: string }) => member.id),
  };
  if (known) Object.assign(known, check);
  else firm.checks.push(check);
}

function learnStatus(list: Array<{ id: string; status: string }> | undefined, result: { id: string; status: string }): void {
  if (!list) return;
  const known = list.find((item) => item.id === result.id);
  if (known) known.status = result.status;
  else list.push({ id: result.id, status: result.status });
}

/** Plausible arguments for every mutation the fuzzer knows; others in the schema get typed random arguments. */
export const MUTATION_SPECS: Record<string, MutationSpec> = {
  createFirm: {
    selection: `token firm { ${FIRM_SELECTION} } member { id name role }`,
    plan: (world, rng) => ({ args: { input: { name: firmName(rng, world.firms.length), kind: rng.pick(KINDS), founderName: personName(rng) } } }),
    learn: (result, world) => {
      world.firms.push({
        id: result.firm.id,
        members: [{ id: result.member.id, role: 'PARTNER', token: result.token, active: true }],
        questionKeys: result.firm.questions.map((question: { key: string }) => question.key),
        checks: [],
        disagreements: [],
        decisions: [],
      });
      world.accepted.push({ kind: 'firm', id: result.firm.id, firmId: result.firm.id, fields: { name: result.firm.name } });
      world.accepted.push({ kind: 'member', id: result.member.id, firmId: result.firm.id, fields: { name: result.member.name } });
    },
  },
  addMember: {
    selection: 'token member { id name role firmId }',
    plan: inFirm(['PARTNER'], (firm, _by, _world, rng) => ({
      firmId: firm.id,
      input: { name: personName(rng), role: rng.weighted({ PARTNER: 1, FACILITATOR: 1, AUDITOR: 1, VIEWER: 1 }) },
    })),
    learn: (result, world) => {
      world.firmOf(result.member.firmId)?.members.push({ id: result.member.id, role: result.member.role, token: result.token, active: true });
      world.accepted.push({ kind: 'member', id: result.member.id, firmId: result.member.firmId, fields: { name: result.member.name } });
    },
  },
  changeMemberRole: {
    selection: 'id role firmId',
    plan: inFirm(['PARTNER'], (firm, _by, world, rng) => ({ firmId: firm.id, memberId: rng.pick(world.members(firm)).id, role: rng.pick(ROLES) })),
    learn: (result, world) => {
      const member = world.memberById(result.id)?.member;
      if (member) member.role = result.role;
    },
  },
  removeMember: {
    selection: 'id',
    plan: inFirm(['PARTNER'], (firm, by, world, rng) => {
      const others = world.members(firm).filter((member) => member !== by);
      // Firms need their people for checks and decisions: remove only from well-staffed firms, and not
      // every time. (Skipping 70% left the 3,000-mutation PostgreSQL run with no removal at all in about
      // one seed of thirty, e.g. 1399477205; the spec wants every mutation to succeed at least once.)
      if (others.length < 4 || rng.chance(0.3)) return undefined;
      return { firmId: firm.id, memberId: rng.pick(others).id };
    }),
    learn: (result, world) => {
      const member = world.memberById(result.id)?.member;
      if (!member) return;
      member.active = false;
      if (member.token) world.formerTokens.push(member.token);
      member.token = '';
    },
  },
  defineQuestionSet: {
    selection: FIRM_SELECTION,
    plan: inFirm(['PARTNER'], (firm, _by, _world, rng) => {
      const keys = [...DEFAULT_QUESTION_KEYS, ...EXTRA_KEYS].filter(() => rng.chance(0.6)).slice(0, 4);
      return { firmId: firm.id, questions: (keys.length > 0 ? keys : ['client_outcome']).map((key) => ({ key, prompt: `What do we say about ${key.replace(/_/g, ' ')}?` })) };
    }),
    learn: (result, world) => {
      const firm = world.firmOf(result.id);
      if (firm) firm.questionKeys = result.questions.map((question: { key: string }) => question.key);
    },
  },
  setCadence: {
    selection: FIRM_SELECTION,
    plan: inFirm(['PARTNER'], (firm, _by, _world, rng) => ({ firmId: firm.id, cadenceDays: rng.int(7, 730) })),
  },
  defineVagueWords: {
    selection: FIRM_SELECTION,
    plan: inFirm(['PARTNER'], (firm, _by, _world, rng) => ({ firmId: firm.id, words: rng.pick([['synergy'], ['holistic', 'leverage'], ['paradigm']]) })),
  },
  openCheck: {
    selection: CHECK_SELECTION,
    plan: inFirm(['PARTNER', 'FACILITATOR'], (firm, _by, world, rng) => {
      const partners = world.members(firm, 'PARTNER');
      const input = rng.weighted({ none: 3, participants: 2, questions: 1 });
      if (input === 'participants' && partners.length >= 2) return { firmId: firm.id, input: { participantIds: partners.slice(0, rng.int(2, partners.length)).map(({ id }) => id) } };
      if (input === 'questions') return { firmId: firm.id, input: { questions: [{ key: 'client_outcome', prompt: 'What do clients stop worrying about?' }, { key: 'pricing', prompt: 'How do we price?' }] } };
      return { firmId: firm.id };
    }),
    learn: learnCheck,
  },
  submitAnswer: {
    selection: 'questionKey text vagueTerms member { id }',
    plan: (world, rng) => {
      const firm = world.firm(rng);
      const check = firm && checkIn(firm, rng, 'OPEN');
      if (!firm || !check) return undefined;
      const participants = check.participantIds.map((id) => world.memberById(id)?.member).filter((member) => member?.active && member.token);
      const by = participants.length > 0 && rng.chance(0.9) ? rng.pick(participants)! : actor(world, rng, firm);
      if (!by) return undefined;
      const key = rng.pick(check.keys);
      return { token: by.token, args: { checkId: check.id, questionKey: key, text: answerText(rng, DEFAULT_QUESTION_KEYS.includes(key) ? key : 'client_outcome') } };
    },
  },
  revealCheck: {
    selection: CHECK_SELECTION,
    plan: inFirm(['PARTNER', 'FACILITATOR'], (firm, _by, _world, rng) => {
      const check = checkIn(firm, rng, 'OPEN');
      return check && { checkId: check.id };
    }),
    learn: learnCheck,
  },
  judgeQuestion: {
    selection: CHECK_SELECTION,
    // A check the world still thinks open may have revealed itself with its last answer.
    plan: inFirm(['PARTNER', 'FACILITATOR'], (firm, _by, _world, rng) => {
      // Finish one check before starting the next, so that checks get closed.
      const unfinished = firm.checks.filter((c) => c.status === 'REVEALED' && c.judged.length < c.keys.length).sort((a, b) => b.judged.length - a.judged.length);
      const check = (unfinished.length > 0 && rng.chance(0.7) ? unfinished[0] : undefined) ?? checkIn(firm, rng, 'REVEALED', (c) => c.judged.length < c.keys.length) ?? checkIn(firm, rng, 'OPEN');
      if (!check) return undefined;
      const open = check.keys.filter((key) => !check.judged.includes(key));
      return { checkId: check.id, questionKey: open.length > 0 && rng.chance(0.9) ? rng.pick(open) : rng.pick(check.keys), judgement: rng.pick(['MATCH', 'MISMATCH']) };
    }),
    learn: learnCheck,
  },
  closeCheck: {
    selection: `${CHECK_SELECTION} score verdict`,
    plan: inFirm(['PARTNER', 'FACILITATOR'], (firm, _by, _world, rng) => {
      const check = checkIn(firm, rng, 'REVEALED', (c) => c.judged.length === c.keys.length);
      return check && { checkId: check.id };
    }),
    learn: learnCheck,
  },
  raiseDisagreement: {
    selection: 'id firmId topic status positions { text member { id } }',
    plan: inFirm(['PARTNER', 'FACILITATOR'], (firm, _by, world, rng) => ({
      firmId: firm.id,
      input: { topic: topic(rng), layer: layer(rng), positions: world.members(firm).slice(0, rng.int(1, 3)).map((member) => ({ memberId: member.id, text: answerText(rng, 'optimizing_for') })) },
    })),
    learn: (result, world) => {
      learnStatus(world.firmOf(result.firmId)?.disagreements, result);
      world.accepted.push({ kind: 'disagreement', id: result.id, firmId: result.firmId, fields: { topic: result.topic, positions: result.positions } });
    },
  },
  deferDisagreement: {
    selection: 'id firmId status deferrals',
    plan: inFirm(['PARTNER', 'FACILITATOR'], (firm, _by, _world, rng) => {
      if (firm.disagreements.length === 0) return undefined;
      return { disagreementId: rng.pick(firm.disagreements).id, reason: deferReason(rng) };
    }),
    learn: (result, world) => learnStatus(world.firmOf(result.firmId)?.disagreements, result),
  },
  proposeDecision: {
    selection: 'id firmId title outcome rationale status alternatives',
    plan: inFirm(['PARTNER'], (firm, _by, _world, rng) => {
      const open = firm.disagreements.filter((item) => item.status !== 'RESOLVED');
      const locked = firm.decisions.filter((item) => item.status === 'LOCKED');
      const input: Record<string, unknown> = { ...decisionInput(rng, rng.chance(0.5) ? rng.pick(firm.questionKeys) : null) };
      if (open.length > 0 && rng.chance(0.8)) input.resolves = [rng.pick(open).id];
      if (locked.length > 0 && rng.chance(0.3)) input.supersedes = rng.pick(locked).id;
      return { firmId: firm.id, input };
    }),
    learn: (result, world) => {
      learnStatus(world.firmOf(result.firmId)?.decisions, result);
      world.accepted.push({ kind: 'decision', id: result.id, firmId: result.firmId, fields: { title: result.title, outcome: result.outcome, rationale: result.rationale, alternatives: result.alternatives } });
    },
  },
  endorseDecision: {
    selection: 'id firmId status',
    plan: inFirm(['PARTNER'], (firm, _by, _world, rng) => {
      // Mostly the oldest proposal, so that endorsements add up to a lock (every active partner must endorse).
      const proposed = firm.decisions.filter((item) => item.status === 'PROPOSED');
      const focus = proposed.length > 0 && rng.chance(0.7) ? proposed[0] : undefined;
      const decision = focus ?? (proposed.length > 0 && rng.chance(0.9) ? rng.pick(proposed) : firm.decisions.length > 0 ? rng.pick(firm.decisions) : undefined);
      return decision && { decisionId: decision.id };
    }),
    learn: (result, world) => learnStatus(world.firmOf(result.firmId)?.decisions, result),
  },
  rotateToken: {
    selection: 'token member { id }',
    plan: inFirm(['PARTNER', 'FACILITATOR', 'AUDITOR', 'VIEWER'], (firm, by, world, rng) => (rng.chance(0.3) ? {} : { memberId: rng.pick(world.members(firm)).id })),
    learn: (result, world) => {
      const member = world.memberById(result.member.id)?.member;
      if (!member) return;
      if (member.token) world.formerTokens.push(member.token);
      member.token = result.token;
    },
  },
  revokeToken: {
    selection: 'id',
    plan: inFirm(['PARTNER'], (firm, by, world, rng) => {
      // Revoked members hold no token until rotated: rarely, and never the caller, so firms keep working.
      const others = world.members(firm).filter((member) => member !== by && member.token);
      if (others.length < 3 || rng.chance(0.7)) return undefined;
      return { memberId: rng.pick(others).id };
    }),
    learn: (result, world) => {
      const member = world.memberById(result.id)?.member;
      if (!member) return;
      if (member.token) world.formerTokens.push(member.token);
      member.token = '';
    },
  },
};
