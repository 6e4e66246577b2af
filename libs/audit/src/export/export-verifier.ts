import { ChainVerifier, type StreamHead } from '@accord/event-store';
import {
  EXPORT_KIND, EXPORT_VERSION, headsDigest, lineHash,
  type ExportEventLine, type Redaction,
} from './export-format';
import { eventShapeProblems, HASH, isObject, nonEmptyString, sealedAnswerProblems, short } from './export-line-shape';
import { RedactionChecker } from './redaction-checker';

/** Something wrong with an export, at a 1-based line of the file. */
export interface ExportProblem {
  line: number;
  message: string;
}

export interface ExportSummary {
  firmId: string | null;
  exportedAt: string | null;
  redaction: Redaction | null;
  throughPosition: number | null;
  lines: number;
  events: number;
  streams: number;
  /** Sealed answers: linked into their stream's chain, their content not recomputable. */
  sealed: number;
  /** Events whose hash was recomputed from their content: all but the sealed ones. */
  verifiedFromContent: number;
  firstPosition: number | null;
  lastPosition: number | null;
  /** Where each stream ends, in the order the streams first appear. */
  heads: StreamHead[];
  headsDigest: string;
  /** The trailer's line hash, which covers every line of the export. */
  exportDigest: string | null;
}

export interface ExportVerification {
  ok: boolean;
  /** Sorted by line: the first bad line comes first. At most {@link MAX_PROBLEMS}. */
  problems: ExportProblem[];
  problemCount: number;
  summary: ExportSummary;
}

export const MAX_PROBLEMS = 1000;

interface Header {
  firmId: string | null;
  exportedAt: string | null;
  redaction: Redaction | null;
  throughPosition: number | null;
}

/**
 * Verifies an export line by line, without a store, holding only each stream's head and the ids of
 * the firm's checks: the header; each event's place in its stream (revision 0, 1, 2… with none missing
 * or repeated, linked to the previous hash), its hash recomputed from its content (a sealed answer's
 * only linked: its hash covers the hidden text), positions increasing, one firm; redaction consistent
 * with the checks revealed in the export; each line's number and line hash, which find a changed,
 * missing, repeated or moved line at that line; and the trailer against what was read (no trailer:
 * truncated). Feed it with {@link push}, then call {@link finish}.
 */
export class ExportVerifier {
  private lineNo = 0;
  private header: Header | null = null;
  private trailerLine: number | null = null;
  /** The `line` field of the previous line; undefined after an unreadable line, to resynchronise. */
  private previousNumber: number | undefined = 0;
  /** The `lineHash` of the previous line; undefined after an unreadable line. */
  private previousLineHash: string | null | undefined = null;
  private readonly chain = new ChainVerifier({ maxProblems: 0 });
  private events = 0;
  private sealed = 0;
  private firstPosition: number | null = null;
  private lastPosition: number | null = null;
  private exportDigest: string | null = null;
  private readonly redaction = new RedactionChecker();
  private problems: ExportProblem[] = [];
  private problemCount = 0;

  /** Checks the next line of the file; returns it parsed when it is a well-formed event line. */
  push(text: string): ExportEventLine | null {
    const n = ++this.lineNo;
    if (this.trailerLine !== null) {
      if (text.trim() !== '') this.problem(n, `comes after the end of the export (its trailer is line ${this.trailerLine})`);
      return null;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return this.unreadable(n, text.trim() === '' ? 'empty line' : `not valid JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) return this.unreadable(n, 'not a JSON object');

    const found: string[] = [];
    const sequenceBroken = this.checkSequence(value, found);
    if (n === 1 && value.kind !== EXPORT_KIND) found.push(`not an Accord export: the first line must be its header ({"kind":"${EXPORT_KIND}",…})`);
    let event: ExportEventLine | null = null;
    switch (value.kind) {
      case EXPORT_KIND:
        this.readHeader(n, value, found);
        break;
      case 'event':
        event = this.readEvent(value, found);
        break;
      case 'end':
        this.readTrailer(n, value, found);
        break;
      default:
        found.push(`unknown kind ${JSON.stringify(value.kind)}`);
    }
    this.checkLineHash(value, found, sequenceBroken);
    for (const message of found) this.problem(n, message);
    return event;
  }

  finish(): ExportVerification {
    if (this.lineNo === 0) this.problem(1, 'empty file: not an Accord export');
    else if (this.trailerLine === null) this.problem(this.lineNo + 1, `the export ends after line ${this.lineNo} without its trailer: the file is truncated`);
    // Only in a complete export: in a truncated one the reveal may be in the part cut off.
    if (this.trailerLine !== null && this.header?.redaction === 'sealed-answers') {
      for (const [checkId, line] of this.redaction.clearAnswersOfUnrevealedChecks()) {
        this.problem(line, `an answer to check ${checkId} is shown, but the check is not revealed in this export, which seals such answers`);
      }
    }
    const problems = this.sortedProblems();
    const heads = this.chain.heads();
    return {
      ok: this.problemCount === 0,
      problems,
      problemCount: this.problemCount,
      summary: {
        firmId: this.header?.firmId ?? null,
        exportedAt: this.header?.exportedAt ?? null,
        redaction: this.header?.redaction ?? null,
        throughPosition: this.header?.throughPosition ?? null,
        lines: this.lineNo,
        events: this.events,
        streams: heads.length,
        sealed: this.sealed,
        verifiedFromContent: this.events - this.sealed,
        firstPosition: this.firstPosition,
        lastPosition: this.lastPosition,
        heads,
        headsDigest: headsDigest(heads),
        exportDigest: this.exportDigest,
      },
    };
  }

  /** Problems found so far (the importer stops at the first). */
  get problemsSoFar(): number {
    return this.problemCount;
  }

  private unreadable(n: number, message: string): null {
    this.problem(n, message);
    this.previousNumber = undefined;
    this.previousLineHash = undefined;
    return null;
  }

  /** Line numbers run 1, 2, 3…: a jump or a step back is a line missing, repeated or moved here. */
  private checkSequence(value: Record<string, unknown>, found: string[]): boolean {
    const number = value.line;
    const previous = this.previousNumber;
    this.previousNumber = Number.isSafeInteger(number) ? (number as number) : undefined;
    if (!Number.isSafeInteger(number) || (number as number) < 1) {
      found.push('has no line number ("line")');
      return true;
    }
    const expected = previous === undefined ? (number as number) : previous + 1;
    if ((number as number) > expected) {
      const missing = (number as number) - 1 > expected ? `lines ${expected}..${(number as number) - 1}` : `line ${expected}`;
      found.push(`the export's ${missing} should come before this line (its line ${number}): missing or moved`);
      return true;
    }
    if ((number as number) < expected) {
      found.push(`out of order: the export's line ${number} comes after its line ${previous} (a repeated or moved line)`);
      return true;
    }
    return false;
  }

  /** Each line hash covers the line and the one before, so only a change on this very line is left to find. */
  private checkLineHash(value: Record<string, unknown>, found: string[], sequenceBroken: boolean): void {
    const { lineHash: claimed, ...fields } = value;
    const previous = this.previousLineHash;
    this.previousLineHash = typeof claimed === 'string' ? claimed : undefined;
    if (typeof claimed !== 'string' || !HASH.test(claimed)) {
      found.push('has no line hash ("lineHash")');
      return;
    }
    if (previous === undefined || sequenceBroken || found.length > 0) return;
    if (lineHash(previous, fields) !== claimed) found.push('its line hash does not match: the line was changed after the export');
    else if (value.kind === 'end') this.exportDigest = claimed;
  }

  private readHeader(n: number, value: Record<string, unknown>, found: string[]): void {
    if (n !== 1) {
      found.push(`a second header (the export's header is line 1)`);
      return;
    }
    if (value.version !== EXPORT_VERSION) found.push(`export version ${JSON.stringify(value.version)} is not one this accord reads (${EXPORT_VERSION})`);
    const firmId = nonEmptyString(value.firmId);
    if (firmId === null) found.push('the header names no firm ("firmId")');
    const exportedAt = nonEmptyString(value.exportedAt);
    if (exportedAt === null) found.push('the header has no "exportedAt"');
    const redaction = value.redaction === 'sealed-answers' || value.redaction === 'none' ? value.redaction : null;
    if (redaction === null) found.push(`redaction ${JSON.stringify(value.redaction)} is neither "sealed-answers" nor "none"`);
    const through = Number.isSafeInteger(value.throughPosition) && (value.throughPosition as number) >= 0 ? (value.throughPosition as number) : null;
    if (through === null) found.push('the header has no "throughPosition"');
    this.header = { firmId, exportedAt, redaction, throughPosition: through };
  }

  private readEvent(value: Record<string, unknown>, found: string[]): ExportEventLine | null {
    const shape = eventShapeProblems(value);
    if (shape.length > 0) {
      found.push(...shape);
      return null;
    }
    const line = value as unknown as ExportEventLine;
    const at = `stream ${line.stream}@${line.revision}`;
    const m = line.metadata;
    if (line.firmId !== m.firmId || line.actor !== m.actor || line.occurredAt !== m.occurredAt) {
      found.push(`${at}: firmId, actor or occurredAt differs from the metadata`);
    }
    const firmId = this.header?.firmId;
    if (firmId && m.firmId !== firmId) found.push(`${at}: belongs to firm ${m.firmId}, not to the export's firm ${firmId}`);
    const through = this.header?.throughPosition;
    if (typeof through === 'number' && line.position > through) found.push(`${at}: position ${line.position} is after the export's head ${through}`);

    const sealed = line.sealed === true;
    if (sealed) this.checkSealedAnswer(line, at, found);
    for (const reason of this.chain.check(line, { contentSealed: sealed })) found.push(`${at}: ${reason}`);
    this.redaction.see(line, sealed, this.lineNo, (at, message) => this.problem(at, message));

    this.events++;
    if (sealed) this.sealed++;
    this.firstPosition ??= line.position;
    this.lastPosition = line.position;
    return line;
  }

  private checkSealedAnswer(line: ExportEventLine, at: string, found: string[]): void {
    if (this.header && this.header.redaction !== 'sealed-answers') found.push(`${at}: a sealed answer in an export made without redaction`);
    for (const problem of sealedAnswerProblems(line)) found.push(`${at}: ${problem}`);
  }

  private readTrailer(n: number, value: Record<string, unknown>, found: string[]): void {
    this.trailerLine = n;
    if (value.events !== this.events) found.push(`the trailer counts ${JSON.stringify(value.events)} events, the export has ${this.events}`);
    if (value.sealed !== this.sealed) found.push(`the trailer counts ${JSON.stringify(value.sealed)} sealed answers, the export has ${this.sealed}`);
    if (!Array.isArray(value.streams)) {
      found.push('the trailer lists no streams ("streams")');
      return;
    }
    const heads = new Map(this.chain.heads().map((h) => [h.stream, h]));
    const listed = new Set<string>();
    for (const entry of value.streams as unknown[]) {
      if (!isObject(entry) || typeof entry.stream !== 'string' || !Number.isSafeInteger(entry.revision) || typeof entry.hash !== 'string') {
        found.push(`the trailer lists a stream without stream, revision and hash: ${JSON.stringify(entry)}`);
        continue;
      }
      if (listed.has(entry.stream)) found.push(`the trailer lists stream ${entry.stream} twice`);
      listed.add(entry.stream);
      const head = heads.get(entry.stream);
      if (!head) found.push(`the trailer ends stream ${entry.stream} at revision ${entry.revision}, but the export has no event of it`);
      else if (head.revision !== entry.revision || head.hash !== entry.hash) {
        found.push(`the trailer ends stream ${entry.stream} at revision ${entry.revision} (hash ${short(entry.hash)}), the export at revision ${head.revision} (hash ${short(head.hash)})`);
      }
    }
    for (const stream of heads.keys()) if (!listed.has(stream)) found.push(`stream ${stream} is missing from the trailer`);
  }

  private problem(line: number, message: string): void {
    this.problemCount++;
    this.problems.push({ line, message });
    // Keep the earliest lines: most problems come in line order, a few refer back to an earlier line.
    if (this.problems.length > 2 * MAX_PROBLEMS) this.problems = this.sortedProblems();
  }

  private sortedProblems(): ExportProblem[] {
    return [...this.problems].sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS);
  }
}

/** Verifies a whole export, line by line; `onLine` sees each line's number (for progress). */
export async function verifyExportLines(lines: AsyncIterable<string> | Iterable<string>, onLine?: (line: number) => void): Promise<ExportVerification> {
  const verifier = new ExportVerifier();
  let n = 0;
  for await (const text of lines) {
    verifier.push(text);
    onLine?.(++n);
  }
  return verifier.finish();
}

/** `line N: why` for the first bad line, all its problems together; null when intact. */
export function firstBadLine(verification: ExportVerification): string | null {
  const first = verification.problems[0];
  if (!first) return null;
  return `line ${first.line}: ${verification.problems.filter((p) => p.line === first.line).map((p) => p.message).join('; ')}`;
}
