/**
 * An acknowledged mutation (a response without errors) and what it created or changed: after every
 * crash, each one must still be in the log and visible through the API.
 */
export type Ack =
  | { kind: 'createFirm'; firmId: string; memberId: string; token: string }
  | { kind: 'addMember'; firmId: string; memberId: string; role: string }
  | { kind: 'openCheck'; firmId: string; checkId: string; by: string }
  | { kind: 'submitAnswer'; firmId: string; checkId: string; memberId: string; questionKey: string; text: string }
  | { kind: 'revealCheck'; firmId: string; checkId: string; by: string }
  | { kind: 'judgeQuestion'; firmId: string; checkId: string; questionKey: string; judgement: string; by: string }
  | { kind: 'closeCheck'; firmId: string; checkId: string; score: number }
  | { kind: 'raiseDisagreement'; firmId: string; disagreementId: string; by: string }
  | { kind: 'deferDisagreement'; firmId: string; disagreementId: string; reason: string }
  | { kind: 'proposeDecision'; firmId: string; decisionId: string; by: string }
  | { kind: 'endorseDecision'; firmId: string; decisionId: string; memberId: string; locked: boolean };

export type MutationKind = Ack['kind'];

/** Every acknowledged mutation in the order the responses arrived, with the round it was acknowledged in. */
export class Ledger {
  private readonly entries: Array<{ ack: Ack; round: number }> = [];
  /** The founding partner's token of every firm whose creation was acknowledged: it may read the firm's integrity. */
  readonly firmTokens = new Map<string, string>();

  record(ack: Ack, round: number): void {
    this.entries.push({ ack, round });
    if (ack.kind === 'createFirm') this.firmTokens.set(ack.firmId, ack.token);
  }

  get size(): number {
    return this.entries.length;
  }

  all(): Ack[] {
    return this.entries.map(({ ack }) => ack);
  }

  countsByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { ack } of this.entries) counts[ack.kind] = (counts[ack.kind] ?? 0) + 1;
    return counts;
  }
}
