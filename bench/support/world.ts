/**
 * A seeded world of firms for the benchmarks: every event is decided by the domain's own deciders
 * (so the read models accept it exactly as they accept the API's), including what the process
 * managers would write (reveal when all answered, disagreements raised on close, drift on close,
 * disagreements resolved and decisions superseded on lock) with the same deterministic ids. The
 * events go straight into an `EventStore`, a whole run of one stream per `append` (a check's life is
 * one append), which makes a million events a matter of seconds instead of an hour of HTTP calls.
 *
 * Firm by firm the history is in causal order; firms are interleaved quarter by quarter. The last
 * quarter begins ~30 days before `end`, and no firm is overdue when a server starts on the store.
 */
import { randomUUID } from 'node:crypto';
import {
  checkDecider,
  checkStream,
  decisionDecider,
  decisionStream,
  disagreementDecider,
  disagreementStream,
  driftCause,
  driftDecider,
  driftStream,
  firmDecider,
  firmStream,
  activePartnerIds,
  answerOf,
  isFullyAnswered,
  SHARED_VAGUE_WORDS,
  STANDARD_QUESTIONS,
  SYSTEM,
  type Actor,
  type AnswerSubmitted,
  type CheckClosed,
  type CheckCommand,
  type CheckEvent,
  type CheckRevealed,
  type CheckState,
  type Suggestion,
  type Decider,
  type DecisionLocked,
  type DomainEvent,
  type FirmState,
  type Judgement,
  type Layer,
} from '../../libs/domain/src';
import { NO_STREAM, SqliteEventStore, newEventId, type EventStore, type ExpectedRevision, type NewEvent } from '../../libs/event-store/src';
import { deterministicEventId } from '../../libs/platform/src/write/deterministic-id';
import { hashToken } from '../../libs/platform/src/auth/token';
import { performance } from 'node:perf_hooks';
import { CHECKPOINTS_SCHEMA, ProjectionRunner, readCheckpoint, writeCheckpoint } from '../../libs/projections/src';
import { allProjections, withStores } from '../../apps/cli/src/cli-stores';
import { PROCESS_MANAGER_CLASSES } from '../../apps/api/src/store/projection-classes';
import { Progress, prng, yieldToEventLoop } from './helpers';

export interface WorldOptions {
  firms: number;
  /** Quarters of history per firm: each has a check (answered, revealed, judged, closed) and a decision. */
  quarters: number;
  /** Partners per firm (besides a facilitator and an auditor); default 4. */
  partners?: number;
  seed?: number;
  /** Leave each firm's last quarter open: its check opened but unanswered, its decision proposed but not endorsed (a pool for write benchmarks). */
  openLastQuarter?: boolean;
  /** The history ends ~30 days before this instant; default now. */
  end?: Date;
  /** The check decider to use instead of the memoised one (the spec compares them). */
  checkDecider?: Decider<CheckCommand, CheckEvent, CheckState>;
}

export interface WorldMember {
  memberId: string;
  name: string;
  role: 'PARTNER' | 'FACILITATOR' | 'AUDITOR';
  /** The bearer token (its hash is in the log, as the API would have minted it). */
  token: string;
}

export interface WorldFirm {
  firmId: string;
  members: WorldMember[];
  /** Every decision, oldest first. */
  decisionIds: string[];
  checkIds: string[];
  /** With `openLastQuarter`: the open check and the proposed (unendorsed) decision. */
  openCheckId?: string;
  proposedDecisionId?: string;
}

export interface WorldAppend {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** Events of one firm-quarter, for sizing: ~30 with 4 partners (a quarter's check alone is 18). */
export function eventsPerFirmQuarter(partners = 4): number {
  return 1 + partners * 3 + 1 + 3 + 1 + 1.5 + 0.5 + 1 + (1 + partners + 1) + 2.5 + 1;
}

const DAY = 86_400_000;
const QUARTER_DAYS = 90;

const OUTCOMES = [
  'Finance teams stop chasing late board packs',
  'General counsel stops worrying about contract renewals',
  'Operations directors stop losing sleep over audits',
  'Founders stop firefighting payroll errors',
];
const FOCUS = [
  'Repeat engagements from the ten largest clients',
  'Doubling the number of new logos every year',
  'Margin per partner hour on fixed-fee work',
  'Annual retainers with regional manufacturers',
  'Referrals from the three banks we audit',
];
const REFUSALS = ['Staff augmentation without a deliverable', 'Litigation support', 'Contingency fees', 'Work for tobacco companies'];
const TOPICS = ['Do juniors get client time?', 'Weekly or daily timesheets?', 'Do we take public-sector work?', 'Who signs off engagement letters?'];
const LAYERS: Layer[] = ['VISION', 'PEOPLE', 'PROCESS', 'TECHNOLOGY'];

/**
 * The check decider, with the two costly pure parts memoised: the vague terms of an answer (a
 * function of its text; every firm here has the shared vague words only) and the reveal's
 * suggestions (a function of the answers' texts per question). The rest is the decider's own
 * code. ~4× faster generation; test/bench-world.e2e-spec.ts checks it decides what the plain decider does.
 */
export function memoisedCheckDecider(): Decider<CheckCommand, CheckEvent, CheckState> {
  const vagueTerms = new Map<string, string[]>();
  const suggestions = new Map<string, Suggestion[]>();
  return {
    ...checkDecider,
    decide(command, state) {
      if (command.type === 'SubmitAnswer' && command.actor.kind === 'member' && state.status === 'OPEN' && !answerOf(state, command.questionKey, command.actor.memberId)) {
        const cached = vagueTerms.get(command.text);
        if (cached && state.participantIds.includes(command.actor.memberId) && state.questions.some((q) => q.key === command.questionKey)) {
          const data = { checkId: state.checkId, questionKey: command.questionKey, memberId: command.actor.memberId, text: command.text, vagueTerms: [...cached], at: command.now };
          return [{ type: 'AnswerSubmitted', data }];
        }
        const events = checkDecider.decide(command, state);
        vagueTerms.set(command.text, (events[0] as AnswerSubmitted).data.vagueTerms);
        return events;
      }
      if (command.type === 'RevealCheck' && command.actor.kind === 'system' && state.status === 'OPEN' && isFullyAnswered(state)) {
        const key = JSON.stringify(state.questions.map((q) => [q.key, q.prompt, state.participantIds.map((m) => answerOf(state, q.key, m)?.text ?? null)]));
        const cached = suggestions.get(key);
        if (cached) {
          return [{ type: 'CheckRevealed', data: { checkId: state.checkId, revealedBy: 'system', forced: false, revealedAt: command.now, suggestions: cached.map((x) => ({ ...x })) } }];
        }
        const events = checkDecider.decide(command, state);
        suggestions.set(key, (events[0] as CheckRevealed).data.suggestions);
        return events;
      }
      return checkDecider.decide(command, state);
    },
  };
}

/** Generates the world's appends in order; `firms` receives each firm's ids and tokens as it is founded. */
export function* generateWorld(options: WorldOptions, firms: WorldFirm[] = []): Generator<WorldAppend> {
  const random = prng(options.seed ?? 20261124);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const partnerCount = options.partners ?? 4;
  const end = (options.end ?? new Date()).getTime();
  // Quarters are 90 days apart, but an open last quarter begins 45 days after the one before: each
  // firm's last closed check then lies ~65–75 days before `end`, inside the default 90-day cadence, so
  // a server started on the world finds no firm overdue (and appends no CHECK_OVERDUE drift).
  const dayOf = (q: number) => (q > 0 && q === options.quarters - 1 && options.openLastQuarter ? (q - 1) * QUARTER_DAYS + 45 : q * QUARTER_DAYS);
  const start = end - 30 * DAY - dayOf(options.quarters - 1) * DAY;
  const decideCheck = options.checkDecider ?? memoisedCheckDecider();
  const lives = Array.from({ length: options.firms }, () => new FirmLife(decideCheck));

  for (let quarter = 0; quarter < options.quarters; quarter++) {
    const last = quarter === options.quarters - 1;
    for (let f = 0; f < lives.length; f++) {
      const life = lives[f];
      // Firms start a few minutes apart within each quarter; a quarter's steps are hours apart.
      let minute = dayOf(quarter) * 24 * 60 + f * 3;
      const at = (hours: number) => new Date(start + (minute += hours * 60) * 60_000).toISOString();
      if (quarter === 0) yield* life.found(f, at(0), partnerCount, firms);
      const open = last && options.openLastQuarter;
      yield* life.quarter({ at, pick, random, open: Boolean(open) });
    }
  }
}

/** Appends a generated world with progress; returns the number of events written. */
export async function seedWorld(store: EventStore, options: WorldOptions, progress?: Progress): Promise<{ events: number; firms: WorldFirm[] }> {
  const firms: WorldFirm[] = [];
  let events = 0;
  // On SQLite, many appends per transaction: each append is then a savepoint in it (better-sqlite3
  // nests transactions), not a commit of its own, whose WAL write and checkpoints cost ~4× the append.
  const db = store instanceof SqliteEventStore ? store.connection.db : undefined;
  let appendsInTransaction = 0;
  try {
    for (const append of generateWorld(options, firms)) {
      if (db && !db.inTransaction) db.exec('BEGIN IMMEDIATE');
      await store.append(append.stream, append.events, { expectedRevision: append.expectedRevision });
      events += append.events.length;
      if (db && ++appendsInTransaction >= APPENDS_PER_SEED_TRANSACTION) {
        db.exec('COMMIT');
        appendsInTransaction = 0;
      }
      if (progress?.tick(events)) await yieldToEventLoop();
    }
    if (db?.inTransaction) db.exec('COMMIT');
  } finally {
    if (db?.inTransaction) db.exec('ROLLBACK');
  }
  return { events, firms };
}

const APPENDS_PER_SEED_TRANSACTION = 2000;

interface QuarterTools {
  at(hours: number): string;
  pick<T>(xs: readonly T[]): T;
  random(): number;
  open: boolean;
}

/** One stream's events so far: its state, revision, and the metadata every event of a command shares. */
class StreamRun<C, E extends DomainEvent, S> {
  state: S;
  revision = -1;

  constructor(
    readonly stream: string,
    private readonly decider: Decider<C, E, S>,
  ) {
    this.state = decider.initialState();
  }

  /** Decides `commands` in turn on this stream; returns them as one append. */
  run(firmId: string, steps: Array<{ command: C; actor: Actor; now: string; ids?: (index: number) => string; causationId?: string }>): WorldAppend {
    const expectedRevision = this.revision === -1 ? NO_STREAM : this.revision;
    const events: NewEvent[] = [];
    for (const step of steps) {
      const decided = this.decider.decide(step.command, this.state);
      const correlationId = randomUUID();
      decided.forEach((event, index) => {
        events.push({
          id: step.ids ? step.ids(index) : newEventId(),
          type: event.type,
          data: event.data,
          metadata: {
            actor: step.actor.kind === 'system' ? 'system' : step.actor.memberId,
            firmId,
            occurredAt: step.now,
            correlationId,
            ...(step.causationId ? { causationId: step.causationId } : {}),
          },
        });
        this.state = this.decider.evolve(this.state, event);
      });
    }
    this.revision += events.length;
    return { stream: this.stream, events, expectedRevision };
  }
}

type Member = WorldMember & { actor: Actor };

class FirmLife {
  constructor(private readonly checks: Decider<CheckCommand, CheckEvent, CheckState>) {}

  private firmId = '';
  private firm!: StreamRun<any, any, FirmState>;
  private drift!: StreamRun<any, any, any>;
  private members: Member[] = [];
  private record!: WorldFirm;
  private previousCheck: { checkId: string; score: number; outOf: number } | null = null;
  /** Question key → locked decision (stream kept to supersede it later). */
  private aligned = new Map<string, { decisionId: string; run: StreamRun<any, any, any> }>();
  private openDisagreements: Array<StreamRun<any, any, any> & { id: string }> = [];

  *found(index: number, now: string, partners: number, out: WorldFirm[]): Generator<WorldAppend> {
    this.firmId = randomUUID();
    this.firm = new StreamRun(firmStream(this.firmId), firmDecider);
    this.drift = new StreamRun(driftStream(this.firmId), driftDecider);
    const roles: WorldMember['role'][] = [...Array(partners).fill('PARTNER'), 'FACILITATOR', 'AUDITOR'];
    this.members = roles.map((role, i) => {
      const memberId = randomUUID();
      const token = `bench-${randomUUID()}`;
      return { memberId, name: `${role.toLowerCase()} ${i + 1}`, role, token, actor: { kind: 'member', memberId, role } };
    });
    const [founder, ...rest] = this.members;
    this.record = { firmId: this.firmId, members: this.members.map(({ actor: _a, ...m }) => m), decisionIds: [], checkIds: [] };
    out.push(this.record);
    yield this.firm.run(this.firmId, [
      {
        actor: founder.actor,
        now,
        command: {
          type: 'FoundFirm', firmId: this.firmId, name: `Firm ${index + 1} LLP`, kind: 'CONSULTING',
          founder: { memberId: founder.memberId, name: founder.name, tokenHash: hashToken(founder.token) }, actor: founder.actor, now,
        },
      },
      ...rest.map((m) => ({
        actor: founder.actor,
        now,
        command: { type: 'AddMember', memberId: m.memberId, name: m.name, role: m.role, tokenHash: hashToken(m.token), actor: founder.actor, now },
      })),
    ]);
  }

  *quarter(t: QuarterTools): Generator<WorldAppend> {
    const partners = this.members.filter((m) => m.role === 'PARTNER');
    const facilitator = this.members.find((m) => m.role === 'FACILITATOR')!;
    const firmState = this.firm.state;

    // A disagreement raised by hand.
    const raisedAt = t.at(2);
    const byHand = this.disagreement(randomUUID());
    yield byHand.run(this.firmId, [{
      actor: facilitator.actor,
      now: raisedAt,
      command: {
        type: 'RaiseDisagreement', disagreementId: byHand.id, firmId: this.firmId, topic: t.pick(TOPICS), layer: t.pick(LAYERS),
        positions: partners.slice(0, 2).map((p, i) => ({ memberId: p.memberId, text: i === 0 ? 'From month six' : 'Only on internal work' })),
        memberIds: this.members.map((m) => m.memberId), actor: facilitator.actor, now: raisedAt,
      },
    }]);
    this.openDisagreements.push(byHand);

    // The quarter's check: opened, answered by every partner, revealed by the system, judged, closed.
    const checkId = randomUUID();
    this.record.checkIds.push(checkId);
    const check = new StreamRun(checkStream(checkId), this.checks);
    const openedAt = t.at(24);
    const context = {
      firmId: this.firmId,
      questions: firmState.questions.length > 0 ? firmState.questions : STANDARD_QUESTIONS.map((q) => ({ ...q })),
      members: this.members.map((m) => ({ memberId: m.memberId, role: m.role })),
      vagueWords: [...SHARED_VAGUE_WORDS, ...firmState.vagueWords],
    };
    const opening = { actor: facilitator.actor, now: openedAt, command: { type: 'OpenCheck' as const, checkId, firm: context, actor: facilitator.actor, now: openedAt } };
    if (t.open) {
      this.record.openCheckId = checkId;
      yield check.run(this.firmId, [opening]);
    } else {
      yield* this.runCheck(check, opening, partners, facilitator, context.vagueWords, t);
    }

    // A decision on what the firm optimizes for, resolving what is open, superseding the last one.
    const decisionId = randomUUID();
    this.record.decisionIds.push(decisionId);
    const decision = new StreamRun(decisionStream(decisionId), decisionDecider);
    const proposer = t.pick(partners);
    const proposedAt = t.at(48);
    const resolving = this.openDisagreements.splice(0, this.openDisagreements.length);
    const superseded = this.aligned.get('optimizing_for');
    const steps: Parameters<typeof decision.run>[1] = [{
      actor: proposer.actor,
      now: proposedAt,
      command: {
        type: 'ProposeDecision', decisionId, firmId: this.firmId, title: `Focus for quarter ${this.record.decisionIds.length}`,
        outcome: 'Predictable revenue from existing clients', chosenAnswer: t.pick(FOCUS), alternatives: [t.pick(FOCUS), t.pick(REFUSALS)],
        rationale: 'Acquisition costs eat the margin of new clients', layer: 'VISION', questionKey: 'optimizing_for',
        resolves: resolving.map((d) => d.id), supersedes: superseded?.decisionId ?? null,
        context: {
          firmId: this.firmId,
          questionKeys: context.questions.map((q) => q.key),
          disagreements: Object.fromEntries(resolving.map((d) => [d.id, { firmId: this.firmId, status: d.state.status }])),
          ...(superseded ? { superseded: { firmId: this.firmId, status: superseded.run.state.status } } : {}),
        },
        actor: proposer.actor, now: proposedAt,
      },
    }];
    if (t.open) {
      this.record.proposedDecisionId = decisionId;
      this.openDisagreements.push(...resolving);
      yield decision.run(this.firmId, steps);
      return;
    }
    const partnerIds = activePartnerIds(this.firm.state);
    for (const partner of partners) {
      const now = t.at(6);
      steps.push({ actor: partner.actor, now, command: { type: 'EndorseDecision', activePartnerIds: partnerIds, actor: partner.actor, now } });
    }
    const lockedAppend = decision.run(this.firmId, steps);
    yield lockedAppend;
    const lock = lockedAppend.events.find((e) => e.type === 'DecisionLocked');
    if (!lock) throw new Error(`world: decision ${decisionId} did not lock`);
    const locked = lock.data as DecisionLocked['data'];
    const lockedAt = lock.metadata.occurredAt;
    // What DecisionLockedProcess writes, with its ids.
    for (const d of resolving) {
      yield d.run(this.firmId, [{
        actor: SYSTEM, now: lockedAt, causationId: lock.id, ids: () => deterministicEventId(lock.id, `resolve:${d.id}`),
        command: { type: 'ResolveDisagreement', decisionId: locked.decisionId, actor: SYSTEM, now: lockedAt },
      }]);
    }
    if (superseded) {
      yield superseded.run.run(this.firmId, [{
        actor: SYSTEM, now: lockedAt, causationId: lock.id, ids: () => deterministicEventId(lock.id, 'supersede'),
        command: { type: 'SupersedeDecision', supersededBy: decisionId, actor: SYSTEM, now: lockedAt },
      }]);
    }
    this.aligned.set('optimizing_for', { decisionId, run: decision });
  }

  private *runCheck(
    check: StreamRun<any, any, CheckState>,
    opening: { actor: Actor; now: string; command: unknown },
    partners: Member[],
    facilitator: Member,
    vagueWords: readonly string[],
    t: QuarterTools,
  ): Generator<WorldAppend> {
    const steps: Parameters<typeof check.run>[1] = [opening];
    // Each question: agreed (everyone gives the same answer) or split, decided up front.
    const split = new Map(STANDARD_QUESTIONS.map((q) => [q.key, t.random() < 0.35]));
    const agreed = new Map(STANDARD_QUESTIONS.map((q) => [q.key, answerPool(q.key, t)]));
    let lastAnswer = '';
    for (const partner of partners) {
      for (const { key } of check.state.questions.length ? check.state.questions : STANDARD_QUESTIONS) {
        const now = t.at(1);
        const text = split.get(key) ? answerPool(key, t) : agreed.get(key)!;
        steps.push({ actor: partner.actor, now, command: { type: 'SubmitAnswer', questionKey: key, text, vagueWords, actor: partner.actor, now } });
        lastAnswer = now;
      }
    }
    const answered = check.run(this.firmId, steps);
    // RevealWhenAnsweredProcess: revealed by the system, caused by the last answer, at its time.
    const cause = answered.events[answered.events.length - 1];
    const reveal = check.run(this.firmId, [{
      actor: SYSTEM, now: lastAnswer, causationId: cause.id, ids: () => deterministicEventId(cause.id, 'reveal'),
      command: { type: 'RevealCheck', actor: SYSTEM, now: lastAnswer },
    }]);
    const judging: Parameters<typeof check.run>[1] = [];
    for (const { key } of check.state.questions) {
      const now = t.at(1);
      const judgement: Judgement = split.get(key) ? 'MISMATCH' : 'MATCH';
      judging.push({ actor: facilitator.actor, now, command: { type: 'JudgeQuestion', questionKey: key, judgement, actor: facilitator.actor, now } });
    }
    const closedAt = t.at(1);
    const basis = {
      previousCheck: this.previousCheck,
      alignedDefinitions: Object.fromEntries([...this.aligned].map(([key, { decisionId }]) => [key, decisionId])),
    };
    judging.push({ actor: facilitator.actor, now: closedAt, command: { type: 'CloseCheck', basis, actor: facilitator.actor, now: closedAt } });
    const judged = check.run(this.firmId, judging);
    yield { stream: check.stream, expectedRevision: answered.expectedRevision, events: [...answered.events, ...reveal.events, ...judged.events] };

    const close = judged.events[judged.events.length - 1];
    const closed = close.data as CheckClosed['data'];
    this.previousCheck = { checkId: closed.checkId, score: closed.score, outOf: closed.outOf };
    // RaiseOnCloseProcess: one disagreement per MISMATCH, each answer a position.
    for (const questionKey of closed.mismatched) {
      const disagreementId = deterministicEventId(close.id, `disagreement:${questionKey}`);
      const raised = this.disagreement(disagreementId);
      const positions = check.state.participantIds.map((memberId) => ({
        memberId,
        text: answerOf(check.state, questionKey, memberId)!.text,
      }));
      yield raised.run(this.firmId, [{
        actor: SYSTEM, now: closedAt, causationId: close.id, ids: () => disagreementId,
        command: {
          type: 'RaiseDisagreement', disagreementId, firmId: this.firmId, topic: check.state.questions.find((q) => q.key === questionKey)!.prompt,
          layer: 'VISION', positions, memberIds: check.state.participantIds, checkId: closed.checkId, questionKey, actor: SYSTEM, now: closedAt,
        },
      }]);
      this.openDisagreements.push(raised);
    }
    // DriftOnCloseProcess: SCORE_DROP / DEFINITION_DRIFT, ids derived from the close and the cause.
    const drift = this.drift.run(this.firmId, [{
      actor: SYSTEM, now: closedAt, causationId: close.id, ids: () => '',
      command: { type: 'RecordCheckDrift', closed, actor: SYSTEM, now: closedAt },
    }]);
    drift.events.forEach((event) => (event.id = deterministicEventId(close.id, driftCause(event.data as never))));
    if (drift.events.length > 0) yield drift;
  }

  private disagreement(id: string): StreamRun<any, any, any> & { id: string } {
    return Object.assign(new StreamRun(disagreementStream(id), disagreementDecider), { id });
  }
}

function answerPool(key: string, t: QuarterTools): string {
  if (key === 'client_outcome') return t.pick(OUTCOMES);
  if (key === 'optimizing_for') return t.pick(FOCUS);
  return t.pick(REFUSALS);
}

/**
 * Brings every read model of the stores `env` names (ACCORD_EVENT_STORE, ACCORD_READ_STORE) up to
 * the head with a one-pass rebuild (`accord rebuild`'s code path), and records the process managers
 * as caught up ({@link markReactionsCaughtUp}). A server started afterwards serves at once instead of
 * catching up.
 */
export async function projectWorld(env: Record<string, string>, onProgress?: (position: number, head: number) => void): Promise<{ events: number; ms: number }> {
  const { head, ms } = await withStores(env, async ({ store, readStore }) => {
    const runner = new ProjectionRunner(store, readStore, allProjections(), { logger: { log: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) } });
    const started = performance.now();
    const result = await runner.rebuild(undefined, (p) => onProgress?.(p.position, p.head));
    const ms = performance.now() - started;
    if (result.poisonEvents.length > 0) throw new Error(`world: ${result.poisonEvents.length} poison events while projecting`);
    return { head: result.head, ms };
  });
  await markReactionsCaughtUp(env);
  return { events: head, ms };
}

/**
 * Records the process managers of the stores `env` names as caught up with the head: the generator
 * already wrote what they would write (`seedWorld`'s spec checks a server adds nothing). For a world
 * whose read models were projected some other way (`accord rebuild`).
 */
export async function markReactionsCaughtUp(env: Record<string, string>): Promise<void> {
  await withStores(env, async ({ store, readStore }) => {
    const head = await store.headPosition();
    await readStore.transaction(async (tx) => {
      if (!readStore.managedSchema) await tx.run(CHECKPOINTS_SCHEMA);
      for (const Manager of PROCESS_MANAGER_CLASSES) {
        const name = `reaction:${new (Manager as unknown as new () => { name: string })().name}`;
        await readCheckpoint(tx, name);
        await writeCheckpoint(tx, name, head);
      }
    }, 'bench: reactions caught up');
  });
}
