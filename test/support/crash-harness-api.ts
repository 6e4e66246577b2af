import type { Ack, Ledger } from './crash-harness-ledger';
import { postGraphqlTo } from './crash-harness-traffic';

/** What the acknowledged mutations promise about one firm's read models. */
interface Expected {
  members: Set<string>;
  checks: Map<string, ExpectedCheck>;
  disagreements: Map<string, { reasons: string[] }>;
  decisions: Map<string, { endorsers: Set<string>; locked: boolean }>;
}

interface ExpectedCheck {
  revealed: boolean;
  closedScore: number | null;
  /** questionKey → memberId → the latest acknowledged text. */
  answers: Map<string, Map<string, string>>;
  judgements: Map<string, string>;
}

const CHECK_RANK: Record<string, number> = { OPEN: 0, REVEALED: 1, CLOSED: 2 };
// Ten fields a document stays within the server's default limits (20 aliases, cost 5,000: a check with its
// questions and answers costs about 350).
const FIELDS_PER_REQUEST = 10;

/**
 * Through the restarted server, with each firm's founding partner: `verifyIntegrity` is ok and
 * covers at least the firm's events found in the log, and every acknowledged mutation shows in
 * the read models (members, checks with their answers, judgements and scores, disagreements with
 * their deferrals, decisions with their endorsements and locks).
 */
export async function checkThroughApi(url: string, ledger: Ledger, eventsByFirm: ReadonlyMap<string, number>, max = 20): Promise<string[]> {
  const problems: string[] = [];
  const fail = (problem: string) => problems.length < max && problems.push(problem);
  const expected = expectations(ledger.all());
  for (const [firmId, token] of ledger.firmTokens) {
    const reply = await postGraphqlTo(url, `query ($f: ID!) { verifyIntegrity(firmId: $f) { ok eventsChecked problems } }`, { f: firmId }, token);
    const report = reply.data?.verifyIntegrity;
    if (!report?.ok) fail(`verifyIntegrity of firm ${firmId}: ${JSON.stringify(reply.errors ?? report)}`);
    else if (report.eventsChecked < (eventsByFirm.get(firmId) ?? 0)) fail(`verifyIntegrity of firm ${firmId} checked ${report.eventsChecked} events; the log holds ${eventsByFirm.get(firmId)}`);
    const firm = expected.get(firmId);
    if (firm) for (const problem of await checkFirm(url, token, firmId, firm)) fail(problem);
  }
  return problems;
}

async function checkFirm(url: string, token: string, firmId: string, firm: Expected): Promise<string[]> {
  const problems: string[] = [];
  const fields: Array<{ field: string; check: (value: any) => string | null }> = [
    { field: `firm(id: ${lit(firmId)}) { members { id } }`, check: (v) => missing(firm.members, v?.members?.map((m: { id: string }) => m.id), `members of firm ${firmId}`) },
  ];
  for (const [id, check] of firm.checks) {
    fields.push({ field: `check(id: ${lit(id)}) { status score answeredBy { id } questions { key judgement answers { member { id } text } } }`, check: (v) => compareCheck(id, check, v) });
  }
  for (const [id, { reasons }] of firm.disagreements) {
    fields.push({
      field: `disagreement(id: ${lit(id)}) { status deferrals }`,
      check: (v) => (v === null ? `disagreement ${id} not found` : reasons.filter((r) => !v.deferrals.includes(r)).map((r) => `disagreement ${id} lacks the deferral "${r}"`)[0] ?? null),
    });
  }
  for (const [id, decision] of firm.decisions) {
    fields.push({
      field: `decision(id: ${lit(id)}) { status endorsements { member { id } } }`,
      check: (v) => {
        if (v === null) return `decision ${id} not found`;
        if (decision.locked && v.status === 'PROPOSED') return `decision ${id} is PROPOSED; its locking was acknowledged`;
        return missing(decision.endorsers, v.endorsements.map((e: { member: { id: string } }) => e.member.id), `endorsements of decision ${id}`);
      },
    });
  }
  for (let i = 0; i < fields.length; i += FIELDS_PER_REQUEST) {
    const chunk = fields.slice(i, i + FIELDS_PER_REQUEST);
    const reply = await postGraphqlTo(url, `{ ${chunk.map(({ field }, j) => `f${j}: ${field}`).join('\n')} }`, {}, token);
    const errorOf = new Map((reply.errors ?? []).map((e) => [String(e.path?.[0] ?? ''), `${e.extensions?.code} ${e.message}`]));
    chunk.forEach(({ field, check }, j) => {
      const error = errorOf.get(`f${j}`);
      errorOf.delete(`f${j}`);
      const problem = error ? `${field.slice(0, field.indexOf(')') + 1)}: ${error}` : reply.data ? check(reply.data[`f${j}`] ?? null) : null;
      if (problem) problems.push(problem);
    });
    for (const error of errorOf.values()) problems.push(`reading firm ${firmId}: ${error}`);
  }
  return problems;
}

function compareCheck(id: string, check: ExpectedCheck, v: any): string | null {
  if (v === null) return `check ${id} not found`;
  if (check.closedScore !== null && (v.status !== 'CLOSED' || v.score !== check.closedScore)) return `check ${id} is ${v.status} (score ${v.score}); closing with score ${check.closedScore} was acknowledged`;
  if (check.revealed && CHECK_RANK[v.status] < CHECK_RANK.REVEALED) return `check ${id} is ${v.status}; its reveal was acknowledged`;
  for (const [key, judgement] of check.judgements) {
    const shown = v.questions.find((q: { key: string }) => q.key === key)?.judgement;
    if (shown !== judgement) return `check ${id}: ${key} judged ${shown}; ${judgement} was acknowledged`;
  }
  const questions = v.questions.length;
  const complete = new Set<string>();
  for (const [key, byMember] of check.answers) {
    const shown = new Map<string, string>((v.questions.find((q: { key: string }) => q.key === key)?.answers ?? []).map((a: { member: { id: string }; text: string }) => [a.member.id, a.text]));
    for (const [memberId, text] of byMember) {
      // Sealed answers are shown to their author only; after the reveal to every member.
      if (v.status !== 'OPEN' && shown.get(memberId) !== text) return `check ${id}: ${memberId}'s answer to ${key} reads ${JSON.stringify(shown.get(memberId))}; ${JSON.stringify(text)} was acknowledged`;
      complete.add(memberId);
    }
  }
  const answeredAll = [...complete].filter((memberId) => [...check.answers.values()].filter((m) => m.has(memberId)).length === questions);
  return missing(new Set(answeredAll), v.answeredBy.map((m: { id: string }) => m.id), `answeredBy of check ${id}`);
}

function expectations(acks: readonly Ack[]): Map<string, Expected> {
  const firms = new Map<string, Expected>();
  const of = (firmId: string) => {
    let firm = firms.get(firmId);
    if (!firm) firms.set(firmId, (firm = { members: new Set(), checks: new Map(), disagreements: new Map(), decisions: new Map() }));
    return firm;
  };
  const check = (ack: { firmId: string; checkId: string }) => {
    const checks = of(ack.firmId).checks;
    if (!checks.has(ack.checkId)) checks.set(ack.checkId, { revealed: false, closedScore: null, answers: new Map(), judgements: new Map() });
    return checks.get(ack.checkId)!;
  };
  const decision = (ack: { firmId: string; decisionId: string }) => {
    const decisions = of(ack.firmId).decisions;
    if (!decisions.has(ack.decisionId)) decisions.set(ack.decisionId, { endorsers: new Set(), locked: false });
    return decisions.get(ack.decisionId)!;
  };
  for (const ack of acks) {
    switch (ack.kind) {
      case 'createFirm':
      case 'addMember':
        of(ack.firmId).members.add(ack.memberId);
        break;
      case 'openCheck':
        check(ack);
        break;
      case 'submitAnswer': {
        const answers = check(ack).answers;
        if (!answers.has(ack.questionKey)) answers.set(ack.questionKey, new Map());
        answers.get(ack.questionKey)!.set(ack.memberId, ack.text);
        break;
      }
      case 'revealCheck':
        check(ack).revealed = true;
        break;
      case 'judgeQuestion':
        check(ack).revealed = true;
        check(ack).judgements.set(ack.questionKey, ack.judgement);
        break;
      case 'closeCheck':
        check(ack).closedScore = ack.score;
        break;
      case 'raiseDisagreement':
        if (!of(ack.firmId).disagreements.has(ack.disagreementId)) of(ack.firmId).disagreements.set(ack.disagreementId, { reasons: [] });
        break;
      case 'deferDisagreement':
        of(ack.firmId).disagreements.get(ack.disagreementId)?.reasons.push(ack.reason);
        break;
      case 'proposeDecision':
        decision(ack);
        break;
      case 'endorseDecision':
        decision(ack).endorsers.add(ack.memberId);
        if (ack.locked) decision(ack).locked = true;
        break;
      default: {
        const unreachable: never = ack;
        throw new Error(`unhandled acknowledgement ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return firms;
}

function missing(expected: ReadonlySet<string>, shown: readonly string[] | undefined, what: string): string | null {
  if (!shown) return `${what}: not shown`;
  const absent = [...expected].filter((id) => !shown.includes(id));
  return absent.length > 0 ? `${what}: ${absent.join(', ')} acknowledged but not shown` : null;
}

/** A GraphQL string literal (ids are UUIDs; JSON's escaping is GraphQL's). */
const lit = (value: string) => JSON.stringify(value);
