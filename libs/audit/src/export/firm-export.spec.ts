import type { RecordedEvent, SqliteEventStore } from '@accord/event-store';
import { shownData } from '../redaction';
import type { ExportEventLine } from './export-format';
import { exportFirm, FirmNotFoundError } from './firm-export';
import { exportLines, memoryStore, writeFirmHistory, type FirmHistory } from './testing/firm-history';

describe('exportFirm', () => {
  let store: SqliteEventStore;
  let history: FirmHistory;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    store = memoryStore();
    history = await writeFirmHistory(store);
    recorded = [];
    for await (const event of store.readAll()) recorded.push(event);
  });
  afterAll(() => store.close());

  const eventsOf = (lines: string[]): ExportEventLine[] => lines.map((l) => JSON.parse(l)).filter((l) => l.kind === 'event');

  it("writes a header, the firm's events only, in global order, and a trailer", async () => {
    const lines = (await exportLines(store, history.firmId)).map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ kind: 'accord-export', version: 1, line: 1, firmId: history.firmId, redaction: 'sealed-answers', throughPosition: recorded.length });
    const events = lines.slice(1, -1);
    const ofFirm = recorded.filter((e) => e.metadata.firmId === history.firmId);
    expect(events.map((e) => [e.position, e.stream, e.revision, e.id, e.type, e.hash, e.previousHash])).toEqual(
      ofFirm.map((e) => [e.position, e.stream, e.revision, e.id, e.type, e.hash, e.previousHash]),
    );
    expect(events.map((e) => e.line)).toEqual(events.map((_, i) => i + 2));
    expect(lines.at(-1)).toMatchObject({ kind: 'end', line: lines.length, events: ofFirm.length, sealed: 1 });
  });

  it('seals the answers of a check not revealed, exactly as auditLog shows them', async () => {
    const events = eventsOf(await exportLines(store, history.firmId));
    const sealed = events.filter((e) => e.sealed);
    const original = recorded.find((e) => e.id === sealed[0].id)!;
    expect(sealed).toHaveLength(1);
    expect(sealed[0].data).toEqual(shownData(original.type, original.data, false));
    expect(sealed[0].data).toEqual({ checkId: history.sealedCheckId, questionKey: 'optimizing_for', memberId: 'ann', sealed: true });
    expect(sealed[0].hash).toBe(original.hash);
    expect(JSON.stringify(events)).not.toContain(history.sealedText);
  });

  it('shows the answers of a revealed check, and keeps token hashes (they verify; see the README)', async () => {
    const events = eventsOf(await exportLines(store, history.firmId));
    const answers = events.filter((e) => e.type === 'AnswerSubmitted' && !e.sealed);
    expect(answers.map((e) => (e.data as { text: string }).text)).toEqual(['Recurring advisory revenue', 'More recurring revenue']);
    expect((events[0].data as { founder: { tokenHash: string } }).founder.tokenHash).toBe(history.tokenHash);
  });

  it('seals nothing with redaction none', async () => {
    const lines = await exportLines(store, history.firmId, { redaction: 'none' });
    expect(JSON.parse(lines[0]).redaction).toBe('none');
    expect(eventsOf(lines).some((e) => e.sealed)).toBe(false);
    expect(lines.join('\n')).toContain(history.sealedText);
    expect(JSON.parse(lines.at(-1)!).sealed).toBe(0);
  });

  it('yields nothing for a firm without events', async () => {
    const lines: string[] = [];
    const attempt = (async () => {
      for await (const line of exportFirm(store, 'no-such-firm', { redaction: 'none', exportedAt: '2026-02-01T00:00:00.000Z' })) lines.push(line);
    })();
    await expect(attempt).rejects.toBeInstanceOf(FirmNotFoundError);
    expect(lines).toEqual([]);
  });
});
