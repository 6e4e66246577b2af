import { ChainVerifier, type EventStore, type IntegrityReport, type RecordedEvent } from '@accord/event-store';
import type { Ack } from './crash-harness-ledger';

/** The whole log, read once after a crash, indexed for the checks. */
export interface LogView {
  head: number;
  events: RecordedEvent[];
  byStream: Map<string, RecordedEvent[]>;
  eventsByFirm: Map<string, number>;
  chain: IntegrityReport;
}

/** Reads every event in global order, verifying the hash chains on the way. */
export async function readLog(store: EventStore, options: { gaplessPositions: boolean }): Promise<LogView> {
  const head = await store.headPosition();
  const verifier = new ChainVerifier({ gaplessPositions: options.gaplessPositions });
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ after: 0, until: head })) {
    verifier.check(event);
    events.push(event);
  }
  const chain = verifier.report();
  if (events.length > 0 && events[events.length - 1].position !== head) {
    chain.ok = false;
    chain.problems.push(`the head is ${head} but the last event read is at ${events[events.length - 1].position}`);
  }
  return indexLog(events, head, chain);
}

/** The events (in global order) indexed by stream and by firm. */
export function indexLog(events: RecordedEvent[], head: number, chain: IntegrityReport): LogView {
  const byStream = new Map<string, RecordedEvent[]>();
  const eventsByFirm = new Map<string, number>();
  for (const event of events) {
    const stream = byStream.get(event.stream) ?? [];
    stream.push(event);
    byStream.set(event.stream, stream);
    eventsByFirm.set(event.metadata.firmId, (eventsByFirm.get(event.metadata.firmId) ?? 0) + 1);
  }
  return { head, events, byStream, eventsByFirm, chain };
}

type Data = Record<string, any>;

/**
 * Every acknowledged mutation is in the log: the events its acknowledgement proves exist in the
 * stream it names, for the firm it names. Returns the problems, at most `max`.
 */
export function checkLedgerInLog(acks: readonly Ack[], log: LogView, max = 20): string[] {
  const problems: string[] = [];
  let missing = 0;
  for (const ack of acks) {
    const problem = missingFromLog(ack, log);
    if (problem === null) continue;
    missing++;
    if (problems.length < max) problems.push(`acknowledged ${ack.kind} not in the log: ${problem} (${JSON.stringify({ ...ack, token: undefined })})`);
  }
  if (missing > problems.length) problems.push(`… ${missing} acknowledged mutations missing in all`);
  return problems;
}

function missingFromLog(ack: Ack, log: LogView): string | null {
  const expect = (stream: string, type: string | string[], matches: (data: Data) => boolean, exactlyOne = false): string | null => {
    const types = Array.isArray(type) ? type : [type];
    const found = (log.byStream.get(stream) ?? []).filter((e) => types.includes(e.type) && e.metadata.firmId === ack.firmId && matches(e.data as Data));
    if (found.length === 0) return `no ${types.join('/')} in ${stream}`;
    if (exactlyOne && found.length > 1) return `${found.length} ${types.join('/')} events in ${stream} where one was acknowledged`;
    return null;
  };
  switch (ack.kind) {
    case 'createFirm':
      return expect(`firm-${ack.firmId}`, 'FirmFounded', (d) => d.firmId === ack.firmId && d.founder.memberId === ack.memberId, true);
    case 'addMember':
      return expect(`firm-${ack.firmId}`, 'MemberJoined', (d) => d.memberId === ack.memberId && d.role === ack.role, true);
    case 'openCheck':
      return expect(`check-${ack.checkId}`, 'CheckOpened', (d) => d.firmId === ack.firmId && d.openedBy === ack.by, true);
    case 'submitAnswer':
      return expect(`check-${ack.checkId}`, ['AnswerSubmitted', 'AnswerRevised'], (d) => d.memberId === ack.memberId && d.questionKey === ack.questionKey && d.text === ack.text, true);
    case 'revealCheck':
      return expect(`check-${ack.checkId}`, 'CheckRevealed', (d) => d.revealedBy === ack.by, true);
    case 'judgeQuestion':
      return expect(`check-${ack.checkId}`, 'QuestionJudged', (d) => d.questionKey === ack.questionKey && d.judgement === ack.judgement && d.judgedBy === ack.by, true);
    case 'closeCheck':
      return expect(`check-${ack.checkId}`, 'CheckClosed', (d) => d.score === ack.score, true);
    case 'raiseDisagreement':
      return expect(`disagreement-${ack.disagreementId}`, 'DisagreementRaised', (d) => d.firmId === ack.firmId && d.raisedBy === ack.by, true);
    case 'deferDisagreement':
      return expect(`disagreement-${ack.disagreementId}`, 'DisagreementDeferred', (d) => d.reason === ack.reason);
    case 'proposeDecision':
      return expect(`decision-${ack.decisionId}`, 'DecisionProposed', (d) => d.firmId === ack.firmId && d.proposedBy === ack.by, true);
    case 'endorseDecision':
      return (
        expect(`decision-${ack.decisionId}`, 'DecisionEndorsed', (d) => d.memberId === ack.memberId, true) ??
        (ack.locked ? expect(`decision-${ack.decisionId}`, 'DecisionLocked', () => true, true) : null)
      );
    default: {
      const unreachable: never = ack;
      throw new Error(`unhandled acknowledgement ${JSON.stringify(unreachable)}`);
    }
  }
}
