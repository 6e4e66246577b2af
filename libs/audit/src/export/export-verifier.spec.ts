import type { SqliteEventStore } from '@accord/event-store';
import { headsDigest, lineHash } from './export-format';
import { verifyExportLines, type ExportVerification } from './export-verifier';
import { exportLines, memoryStore, writeFirmHistory, type FirmHistory } from './testing/firm-history';

/**
 * The export of writeFirmHistory, line by line: 1 header; 2 FirmFounded, 3 MemberJoined (firm@0, @1);
 * 4-7 the revealed check (opened, two answers, revealed); 8 the sealed check opened, 9 its sealed
 * answer; 10 DecisionProposed; 11 CadenceSet (firm@2); 12 the trailer.
 */
describe('ExportVerifier', () => {
  let store: SqliteEventStore;
  let history: FirmHistory;
  let lines: string[];

  beforeAll(async () => {
    store = memoryStore();
    history = await writeFirmHistory(store);
    lines = await exportLines(store, history.firmId);
  });
  afterAll(() => store.close());

  const verify = (text: string[]) => verifyExportLines(text);
  /** The first bad line and all its messages. */
  const firstBad = (result: ExportVerification) => {
    const line = result.problems[0]?.line;
    return { line, message: result.problems.filter((p) => p.line === line).map((p) => p.message).join('; ') };
  };
  /** Renumbers and rehashes every line, as someone covering their tracks would. */
  const rechain = (text: string[]): string[] => {
    let previous: string | null = null;
    return text.map((line, i) => {
      const { lineHash: _old, ...fields } = JSON.parse(line);
      fields.line = i + 1;
      previous = lineHash(previous, fields);
      return JSON.stringify({ ...fields, lineHash: previous });
    });
  };
  const edit = (n: number, change: (line: Record<string, any>) => void, rehash = false): string[] => {
    const copy = [...lines];
    const value = JSON.parse(copy[n - 1]);
    change(value);
    if (rehash) {
      const { lineHash: _old, ...fields } = value;
      value.lineHash = lineHash(n === 1 ? null : JSON.parse(copy[n - 2]).lineHash, fields);
    }
    copy[n - 1] = JSON.stringify(value);
    return copy;
  };

  describe('when nothing was changed', () => {
    it('is intact, and sums up the firm, its streams and the sealed answer', async () => {
      const result = await verify(lines);
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.summary).toMatchObject({
        firmId: history.firmId,
        redaction: 'sealed-answers',
        lines: 12,
        events: 10,
        streams: 4,
        sealed: 1,
        verifiedFromContent: 9,
        firstPosition: 1,
        lastPosition: 13,
        throughPosition: 13,
        exportDigest: JSON.parse(lines[11]).lineHash,
      });
    });

    it("ends each stream where the store does, and digests those heads the same way", async () => {
      const result = await verify(lines);
      const heads = [];
      for (const stream of result.summary.heads.map((h) => h.stream)) {
        let last;
        for await (const event of store.readStream(stream)) last = event;
        heads.push({ stream, revision: last!.revision, hash: last!.hash });
      }
      expect(result.summary.heads).toEqual(heads);
      expect(result.summary.headsDigest).toBe(headsDigest(heads));
    });

    it('still verifies after a tool rewrote the JSON with the same values (keys reordered, spaces added)', async () => {
      const rewritten = lines.map((line) => {
        const value = JSON.parse(line);
        return JSON.stringify(Object.fromEntries(Object.entries(value).reverse()), null, 1).replace(/\n/g, ' ');
      });
      expect((await verify(rewritten)).ok).toBe(true);
    });
  });

  describe("when one byte of an event's payload was changed", () => {
    it('names that line: the hash does not match the content', async () => {
      const changed = [...lines];
      changed[2] = changed[2].replace('"Bob"', '"Rob"');
      expect(changed[2]).not.toBe(lines[2]);
      const result = await verify(changed);
      expect(result.ok).toBe(false);
      expect(firstBad(result)).toEqual({ line: 3, message: `stream firm-${history.firmId}@1: hash does not match content` });
    });
  });

  describe('when a field the event hash does not cover was changed', () => {
    it("finds a changed position at its line, by the line's hash", async () => {
      // 5 → 6 still increases (line 6 holds position 7): the events' hashes do not cover positions.
      const result = await verify(edit(5, (line) => (line.position = 6)));
      expect(firstBad(result)).toEqual({ line: 5, message: 'its line hash does not match: the line was changed after the export' });
    });

    it("finds a sealed answer's visible fields changed, though its content cannot be recomputed", async () => {
      const result = await verify(edit(9, (line) => (line.data.memberId = 'bob')));
      expect(firstBad(result)).toEqual({ line: 9, message: 'its line hash does not match: the line was changed after the export' });
    });

    it('finds the repeated metadata changed, even with the line hash made to match', async () => {
      const result = await verify(edit(6, (line) => (line.actor = 'eve'), true));
      expect(firstBad(result).line).toBe(6);
      expect(firstBad(result).message).toMatch(/firmId, actor or occurredAt differs from the metadata/);
    });
  });

  describe('when a line was deleted', () => {
    it('names the line where it is missing', async () => {
      const result = await verify([...lines.slice(0, 4), ...lines.slice(5)]);
      expect(firstBad(result).line).toBe(5);
      expect(firstBad(result).message).toMatch(/the export's line 5 should come before this line \(its line 6\): missing or moved/);
      expect(firstBad(result).message).toMatch(/expected revision 1, found 2 \(missing before it\)/);
    });

    it('finds the last event of a stream deleted by the trailer, even with the lines renumbered and rehashed', async () => {
      // Line 11 (CadenceSet, firm@2) dropped and every later line renumbered and rehashed: only the trailer can tell.
      const result = await verify(rechain([...lines.slice(0, 10), lines[11]]));
      expect(firstBad(result).line).toBe(11);
      expect(firstBad(result).message).toMatch(/the trailer counts 10 events, the export has 9/);
      expect(firstBad(result).message).toMatch(new RegExp(`the trailer ends stream firm-${history.firmId} at revision 2 .*the export at revision 1`));
    });
  });

  describe('when a line was duplicated', () => {
    it('names the copy', async () => {
      const result = await verify([...lines.slice(0, 5), lines[4], ...lines.slice(5)]);
      expect(firstBad(result).line).toBe(6);
      expect(firstBad(result).message).toMatch(/out of order: the export's line 5 comes after its line 5/);
      expect(firstBad(result).message).toMatch(/position does not increase after 5/);
      expect(firstBad(result).message).toMatch(/expected revision 2, found 1 \(repeated or out of order\)/);
    });
  });

  describe('when two lines were swapped', () => {
    it('names the first of them', async () => {
      const swapped = [...lines];
      [swapped[3], swapped[7]] = [swapped[7], swapped[3]];
      const result = await verify(swapped);
      expect(firstBad(result).line).toBe(4);
      expect(firstBad(result).message).toMatch(/the export's lines 4\.\.7 should come before this line \(its line 8\)/);
    });

    it('names the first of two neighbours', async () => {
      const swapped = [...lines];
      [swapped[9], swapped[10]] = [swapped[10], swapped[9]];
      expect(firstBad(await verify(swapped)).line).toBe(10);
    });
  });

  describe('when the file was cut short', () => {
    it('reports the missing trailer after the last line', async () => {
      const result = await verify(lines.slice(0, 7));
      expect(result.problems).toEqual([{ line: 8, message: 'the export ends after line 7 without its trailer: the file is truncated' }]);
    });

    it('reports an empty file', async () => {
      expect((await verify([])).problems).toEqual([{ line: 1, message: 'empty file: not an Accord export' }]);
    });

    it('reports a line cut in the middle as malformed JSON', async () => {
      const cut = [...lines.slice(0, 6), lines[6].slice(0, 40)];
      const result = await verify(cut);
      expect(firstBad(result).line).toBe(7);
      expect(firstBad(result).message).toMatch(/not valid JSON/);
    });
  });

  describe('when lines were added', () => {
    it('reports text after the trailer', async () => {
      const result = await verify([...lines, '{"kind":"event"}']);
      expect(result.problems).toEqual([{ line: 13, message: 'comes after the end of the export (its trailer is line 12)' }]);
    });

    it('reports an empty line between events', async () => {
      expect(firstBad(await verify([...lines.slice(0, 3), '', ...lines.slice(3)]))).toEqual({ line: 4, message: 'empty line' });
    });

    it('reports a file that is not an export at line 1', async () => {
      const result = await verify(['{"hello":"world"}']);
      expect(firstBad(result).line).toBe(1);
      expect(firstBad(result).message).toMatch(/not an Accord export/);
    });
  });

  describe('redaction', () => {
    it('refuses a line marked sealed that is not an answer: it would escape content verification', async () => {
      const result = await verify(edit(10, (line) => (line.sealed = true), true));
      expect(firstBad(result)).toMatchObject({ line: 10 });
      expect(firstBad(result).message).toMatch(/only answers are sealed, not DecisionProposed/);
    });

    it("refuses a sealed answer of a check the export shows revealed, at the answer's line", async () => {
      const result = await verify(edit(5, (line) => ((line.sealed = true), (line.data = { checkId: line.data.checkId, questionKey: line.data.questionKey, memberId: line.data.memberId, sealed: true })), true));
      expect(firstBad(result)).toEqual({ line: 5, message: `an answer sealed although its check ${history.revealedCheckId} is revealed on line 7` });
    });

    it('refuses an answer in clear whose check is not revealed, in an export that seals such answers', async () => {
      const full = await exportLines(store, history.firmId, { redaction: 'none' });
      const relinked = rechain([JSON.stringify({ ...JSON.parse(full[0]), redaction: 'sealed-answers' }), ...full.slice(1)]);
      const result = await verify(relinked);
      expect(result.problems.map((p) => p.line)).toContain(9);
      expect(result.problems.find((p) => p.line === 9)!.message).toBe(`an answer to check ${history.sealedCheckId} is shown, but the check is not revealed in this export, which seals such answers`);
    });
  });
});
