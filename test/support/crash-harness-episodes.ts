import type { Ack } from './crash-harness-ledger';
import type { Rng } from './crash-harness-rng';
import { answerText, decisionInput, deferReason, DEFAULT_QUESTION_KEYS, firmName, personName, topic } from './crash-harness-texts';
import type { Traffic } from './crash-harness-traffic';
import { claim, type KnownFirm, type KnownMember, type World } from './crash-harness-world';

const M = {
  createFirm: `mutation ($input: CreateFirmInput!) { createFirm(input: $input) { token firm { id } member { id } } }`,
  addMember: `mutation ($firmId: ID!, $input: AddMemberInput!) { addMember(firmId: $firmId, input: $input) { token member { id } } }`,
  openCheck: `mutation ($firmId: ID!, $input: OpenCheckInput) { openCheck(firmId: $firmId, input: $input) { id questions { key } } }`,
  submitAnswer: `mutation ($checkId: ID!, $key: String!, $text: String!) { submitAnswer(checkId: $checkId, questionKey: $key, text: $text) { questionKey } }`,
  revealCheck: `mutation ($checkId: ID!) { revealCheck(checkId: $checkId) { status } }`,
  judgeQuestion: `mutation ($checkId: ID!, $key: String!, $judgement: Judgement!) { judgeQuestion(checkId: $checkId, questionKey: $key, judgement: $judgement) { id } }`,
  closeCheck: `mutation ($checkId: ID!) { closeCheck(checkId: $checkId) { score verdict } }`,
  raiseDisagreement: `mutation ($firmId: ID!, $input: RaiseDisagreementInput!) { raiseDisagreement(firmId: $firmId, input: $input) { id } }`,
  deferDisagreement: `mutation ($id: ID!, $reason: String!) { deferDisagreement(disagreementId: $id, reason: $reason) { status } }`,
  proposeDecision: `mutation ($firmId: ID!, $input: ProposeDecisionInput!) { proposeDecision(firmId: $firmId, input: $input) { id } }`,
  endorseDecision: `mutation ($id: ID!) { endorseDecision(decisionId: $id) { status } }`,
};
const CHECK_DISAGREEMENTS = `query ($firmId: ID!) { disagreements(firmId: $firmId) { id status checkId } }`;

/** Concurrent writers of one stream can exhaust the server's retries: a refusal the workload accepts. */
const CONFLICT = ['CONFLICT'];

/**
 * One client's units of work. Each episode is what a firm does in one sitting (found the firm, run
 * a check, raise a disagreement, decide); it stops at the first mutation that is not acknowledged,
 * since after a crash the state of what it worked on is unknown.
 */
export class Episodes {
  constructor(
    private readonly rng: Rng,
    private readonly world: World,
    private readonly traffic: Traffic,
  ) {}

  /** createFirm, then partners, a facilitator and sometimes an auditor join. */
  async foundFirm(): Promise<void> {
    const number = this.world.nextFirmNumber();
    const founded = await this.traffic.mutate(
      'createFirm',
      M.createFirm,
      { input: { name: firmName(this.rng, number), kind: this.rng.pick(['LAW', 'CONSULTING', 'AGENCY', 'ACCOUNTING']), founderName: personName(this.rng) } },
      undefined,
      (d) => [{ kind: 'createFirm', firmId: d.createFirm.firm.id, memberId: d.createFirm.member.id, token: d.createFirm.token }],
    );
    if (founded.kind !== 'ack') return;
    const { firm, member, token } = founded.data.createFirm;
    const known: KnownFirm = {
      id: firm.id,
      founderToken: token,
      partners: [{ id: member.id, token, role: 'PARTNER' }],
      facilitators: [],
      usable: false,
      unclaimedDisagreements: [],
      unclaimedLocked: [],
    };
    this.world.firms.push(known);
    const roles: KnownMember['role'][] = ['PARTNER'];
    if (this.rng.chance(0.4)) roles.push('PARTNER');
    if (this.rng.chance(0.7)) roles.push('FACILITATOR');
    if (this.rng.chance(0.3)) roles.push('AUDITOR');
    for (const role of roles) if (!(await this.addMember(known, role))) return;
    known.usable = true;
  }

  /** A member joins an existing firm; a partner whose joining is lost makes the firm unusable. */
  async join(firm: KnownFirm): Promise<void> {
    await this.addMember(firm, this.rng.weighted({ PARTNER: 1, FACILITATOR: 1, AUDITOR: 1, VIEWER: 2 }));
  }

  /** Opens a check, partners answer (sometimes revising, sometimes not all), reveal, judge, close. */
  async runCheck(firm: KnownFirm): Promise<void> {
    const runner = this.checkRunner(firm);
    const participants = [...firm.partners];
    const opened = await this.traffic.mutate(
      'openCheck',
      M.openCheck,
      { firmId: firm.id, input: { participantIds: participants.map((p) => p.id) } },
      runner.token,
      (d) => [{ kind: 'openCheck', firmId: firm.id, checkId: d.openCheck.id, by: runner.id }],
    );
    if (opened.kind !== 'ack') return;
    const checkId: string = opened.data.openCheck.id;
    const keys: string[] = opened.data.openCheck.questions.map((q: { key: string }) => q.key);
    // Forced reveal: someone leaves a question unanswered, so the check never reveals by itself.
    const forced = this.rng.chance(0.2);
    const skipper = forced ? this.rng.pick(participants).id : null;
    const answered = await Promise.all(
      participants.map((partner) => this.answerAll(firm, checkId, partner, partner.id === skipper ? keys.slice(0, this.rng.int(0, keys.length - 1)) : keys)),
    );
    if (answered.some((ok) => !ok) || this.rng.chance(0.05)) return;
    if (forced) {
      const revealed = await this.traffic.mutate('revealCheck', M.revealCheck, { checkId }, runner.token, () => [
        { kind: 'revealCheck', firmId: firm.id, checkId, by: runner.id },
      ]);
      if (revealed.kind !== 'ack') return;
    }
    if (this.rng.chance(0.05)) return;
    let matches = 0;
    for (const key of keys) {
      const judge = this.checkRunner(firm);
      const judgement = this.rng.chance(0.65) ? 'MATCH' : 'MISMATCH';
      const judged = await this.traffic.mutate('judgeQuestion', M.judgeQuestion, { checkId, key, judgement }, judge.token, () => [
        { kind: 'judgeQuestion', firmId: firm.id, checkId, questionKey: key, judgement, by: judge.id },
      ]);
      if (judged.kind !== 'ack') return;
      if (judgement === 'MATCH') matches++;
    }
    const closer = this.checkRunner(firm);
    await this.traffic.mutate('closeCheck', M.closeCheck, { checkId }, closer.token, (d) => {
      if (d.closeCheck.score !== matches) this.traffic.note(`closeCheck ${checkId}: score ${d.closeCheck.score}, judged ${matches} MATCH`);
      return [{ kind: 'closeCheck', firmId: firm.id, checkId, score: d.closeCheck.score }];
    });
  }

  /** Raises a disagreement by hand, sometimes defers it, and offers it to later decisions. */
  async raiseDisagreement(firm: KnownFirm): Promise<void> {
    const raiser = this.rng.pick([...firm.partners, ...firm.facilitators]);
    const speakers = firm.partners.filter((_, i) => i === 0 || this.rng.chance(0.7));
    const input = { topic: topic(this.rng), layer: this.rng.pick(['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY']), positions: speakers.map((p) => ({ memberId: p.id, text: answerText(this.rng, 'optimizing_for') })) };
    const raised = await this.traffic.mutate('raiseDisagreement', M.raiseDisagreement, { firmId: firm.id, input }, raiser.token, (d) => [
      { kind: 'raiseDisagreement', firmId: firm.id, disagreementId: d.raiseDisagreement.id, by: raiser.id },
    ]);
    if (raised.kind !== 'ack') return;
    const id: string = raised.data.raiseDisagreement.id;
    for (let deferrals = this.rng.chance(0.4) ? this.rng.int(1, 2) : 0; deferrals > 0; deferrals--) {
      const reason = deferReason(this.rng);
      const by = this.rng.pick([...firm.partners, ...firm.facilitators]);
      const deferred = await this.traffic.mutate('deferDisagreement', M.deferDisagreement, { id, reason }, by.token, () => [
        { kind: 'deferDisagreement', firmId: firm.id, disagreementId: id, reason },
      ]);
      if (deferred.kind !== 'ack') return;
    }
    firm.unclaimedDisagreements.push(id);
  }

  /** A partner proposes (resolving disagreements, defining a question, superseding); partners endorse. */
  async decide(firm: KnownFirm): Promise<void> {
    if (this.rng.chance(0.3)) await this.learnRaisedDisagreements(firm);
    const proposer = this.rng.pick(firm.partners);
    const questionKey = this.rng.chance(0.4) ? this.rng.pick(DEFAULT_QUESTION_KEYS) : null;
    const resolves = claim(firm.unclaimedDisagreements, this.rng.int(0, 2), (n) => this.rng.int(0, n - 1));
    for (const id of resolves) this.world.claimedDisagreements.add(id);
    const supersedes = this.rng.chance(0.3) ? (claim(firm.unclaimedLocked, 1, (n) => this.rng.int(0, n - 1))[0] ?? null) : null;
    const input = { ...decisionInput(this.rng, questionKey), resolves, supersedes };
    const proposed = await this.traffic.mutate('proposeDecision', M.proposeDecision, { firmId: firm.id, input }, proposer.token, (d) => [
      { kind: 'proposeDecision', firmId: firm.id, decisionId: d.proposeDecision.id, by: proposer.id },
    ]);
    if (proposed.kind !== 'ack') return;
    const decisionId: string = proposed.data.proposeDecision.id;
    const endorsers = this.rng.chance(0.15) ? firm.partners.slice(0, firm.partners.length - 1) : [...firm.partners];
    const endorse = (partner: KnownMember) =>
      this.traffic.mutate('endorseDecision', M.endorseDecision, { id: decisionId }, partner.token, (d) => [
        { kind: 'endorseDecision', firmId: firm.id, decisionId, memberId: partner.id, locked: d.endorseDecision.status === 'LOCKED' },
      ], CONFLICT);
    const outcomes = this.rng.chance(0.5) ? await Promise.all(endorsers.map(endorse)) : await sequentially(endorsers, endorse);
    if (outcomes.some((o) => o.kind === 'ack' && o.data.endorseDecision.status === 'LOCKED')) firm.unclaimedLocked.push(decisionId);
  }

  /** The disagreements closed checks raised (their ids come from the server), so decisions can resolve them too. */
  private async learnRaisedDisagreements(firm: KnownFirm): Promise<void> {
    const reply = await this.traffic.query(CHECK_DISAGREEMENTS, { firmId: firm.id }, firm.founderToken);
    for (const { id, status, checkId } of reply?.data?.disagreements ?? []) {
      if (checkId && status !== 'RESOLVED' && !firm.unclaimedDisagreements.includes(id) && !this.world.claimedDisagreements.has(id)) firm.unclaimedDisagreements.push(id);
    }
  }

  private async answerAll(firm: KnownFirm, checkId: string, partner: KnownMember, keys: readonly string[]): Promise<boolean> {
    const revise = this.rng.chance(0.15) && keys.length > 1;
    const plan: Array<{ key: string; text: string }> = [];
    for (const key of keys) {
      const text = answerText(this.rng, key);
      plan.push({ key, text });
      if (revise && plan.length === 1) plan.push({ key, text: answerText(this.rng, key, text) });
    }
    for (const { key, text } of plan) {
      const outcome = await this.traffic.mutate('submitAnswer', M.submitAnswer, { checkId, key, text }, partner.token, () => [
        { kind: 'submitAnswer', firmId: firm.id, checkId, memberId: partner.id, questionKey: key, text },
      ], CONFLICT);
      if (outcome.kind !== 'ack') return false;
    }
    return true;
  }

  private async addMember(firm: KnownFirm, role: KnownMember['role']): Promise<boolean> {
    const added = await this.traffic.mutate(
      'addMember',
      M.addMember,
      { firmId: firm.id, input: { name: personName(this.rng), role } },
      firm.founderToken,
      (d): Ack[] => [{ kind: 'addMember', firmId: firm.id, memberId: d.addMember.member.id, role }],
    );
    if (added.kind !== 'ack') {
      if (role === 'PARTNER') firm.usable = false;
      return false;
    }
    const member: KnownMember = { id: added.data.addMember.member.id, token: added.data.addMember.token, role };
    if (role === 'PARTNER') firm.partners.push(member);
    if (role === 'FACILITATOR') firm.facilitators.push(member);
    return true;
  }

  /** A facilitator when the firm has one (mostly), else a partner. */
  private checkRunner(firm: KnownFirm): KnownMember {
    return firm.facilitators.length > 0 && this.rng.chance(0.7) ? this.rng.pick(firm.facilitators) : this.rng.pick(firm.partners);
  }
}

async function sequentially<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) {
    const result = await run(item);
    results.push(result);
    if ((result as { kind?: string }).kind !== 'ack') break;
  }
  return results;
}
