import { answerCheckId } from '../redaction';
import type { ExportEventLine } from './export-format';
import { isObject } from './export-line-shape';

/**
 * Whether an export sealed the right answers: those of checks not revealed in it. A sealed answer of
 * a check the export shows revealed is reported at the answer's line (when the reveal is read, for a
 * reveal that comes later); an answer in clear of a check never revealed is left for the caller to
 * report once the whole export is read. Holds the ids of the firm's checks only.
 */
export class RedactionChecker {
  /** Check id → line of its reveal. */
  private readonly revealedAt = new Map<string, number>();
  /** Check id → first line with a sealed answer of it, while not revealed. */
  private readonly sealedAnswerAt = new Map<string, number>();
  /** Check id → first line with an answer shown in clear, while not revealed. */
  private readonly clearAnswerAt = new Map<string, number>();

  see(line: ExportEventLine, sealed: boolean, n: number, problem: (line: number, message: string) => void): void {
    if (line.type === 'CheckRevealed') {
      const checkId = isObject(line.data) && typeof line.data.checkId === 'string' ? line.data.checkId : null;
      if (checkId === null || this.revealedAt.has(checkId)) return;
      this.revealedAt.set(checkId, n);
      const sealedAt = this.sealedAnswerAt.get(checkId);
      if (sealedAt !== undefined) problem(sealedAt, `an answer sealed although its check ${checkId} is revealed on line ${n}`);
      this.sealedAnswerAt.delete(checkId);
      this.clearAnswerAt.delete(checkId);
      return;
    }
    const checkId = answerCheckId(line.type, line.data);
    if (checkId === null) return;
    const revealedAt = this.revealedAt.get(checkId);
    if (sealed && revealedAt !== undefined) problem(n, `an answer sealed although its check ${checkId} was revealed on line ${revealedAt}`);
    else if (sealed && !this.sealedAnswerAt.has(checkId)) this.sealedAnswerAt.set(checkId, n);
    else if (!sealed && revealedAt === undefined && !this.clearAnswerAt.has(checkId)) this.clearAnswerAt.set(checkId, n);
  }

  /** Check id and line of the first answer shown in clear, for each check never revealed. */
  clearAnswersOfUnrevealedChecks(): Iterable<[string, number]> {
    return this.clearAnswerAt;
  }
}
