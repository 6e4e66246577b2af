import { canonicalJson } from './canonical-json';
import { eventHash, preparedEventHash, verifyChain } from './hash-chain';
import type { RecordedEvent } from './types';

/** Builds a correctly chained log: `streams` interleaved, `perStream` events each. */
function chainedLog(streams: string[], perStream: number): RecordedEvent[] {
  const log: RecordedEvent[] = [];
  const tips = new Map<string, string | null>();
  let position = 0;
  for (let revision = 0; revision < perStream; revision++) {
    for (const stream of streams) {
      const previousHash = tips.get(stream) ?? null;
      const base = {
        id: `00000000-0000-4000-8000-${String(++position).padStart(12, '0')}`,
        type: 'Happened',
        data: { n: position, text: 'abc' },
        metadata: { actor: 'm1', firmId: 'f1', occurredAt: '2026-11-24T00:00:00.000Z' },
        stream,
        revision,
        position,
        previousHash,
      };
      const hash = eventHash(previousHash, { ...base, dataJson: canonicalJson(base.data), metadataJson: canonicalJson(base.metadata) });
      tips.set(stream, hash);
      log.push({ ...base, hash });
    }
  }
  return log;
}

describe('verifyChain', () => {
  const intact = () => chainedLog(['a-1', 'b-1', 'c-1'], 4);

  it('accepts an intact log and counts events and streams', async () => {
    expect(await verifyChain(intact())).toEqual({ ok: true, eventsChecked: 12, streamsChecked: 3, firstBrokenPosition: null, problems: [] });
  });

  it('names the changed event when its payload changes', async () => {
    const log = intact();
    log[4] = { ...log[4], data: { n: 5, text: 'abd' } };
    const report = await verifyChain(log);
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 5 });
    expect(report.problems).toEqual(['position 5 (b-1@1): hash does not match content']);
  });

  it('names the next event of the stream when an event is deleted', async () => {
    const log = intact();
    log.splice(3, 1); // a-1@1 at position 4
    const report = await verifyChain(log);
    expect(report.firstBrokenPosition).toBe(7);
    expect(report.problems[0]).toBe('position 7 (a-1@2): expected revision 1, found 2 (missing before it)');
  });

  it('finds a duplicated event', async () => {
    const log = intact();
    log.splice(6, 0, { ...log[3], position: 6.5 });
    const report = await verifyChain(log);
    expect(report.firstBrokenPosition).toBe(6.5);
    expect(report.problems[0]).toContain('repeated or out of order');
  });

  it('finds events of one stream exchanged in the log', async () => {
    const log = intact();
    const [first, second] = [log[0], log[3]];
    log[0] = { ...second, position: first.position };
    log[3] = { ...first, position: second.position };
    const report = await verifyChain(log);
    expect(report.firstBrokenPosition).toBe(1);
  });

  it('finds positions that do not increase', async () => {
    const log = intact();
    log[5] = { ...log[5], position: 2 };
    expect((await verifyChain(log)).problems[0]).toBe('position 2 (c-1@1): position does not increase after 5');
  });

  it('reports a hash that no longer links to its predecessor', async () => {
    const log = intact();
    log[3] = { ...log[3], previousHash: log[1].hash };
    const report = await verifyChain(log);
    expect(report.firstBrokenPosition).toBe(4);
    expect(report.problems).toContain('position 4 (a-1@1): previous hash does not match the stream\'s preceding event');
  });
});

describe('preparedEventHash', () => {
  it.each([
    ['a plain stream and type', 'decision-1', 'DecisionRecorded', null],
    ['quotes, backslashes and non-ASCII in stream and type', 'firm "x" \\ é-🙂', 'Typ\u2028e\n', 'ab'.repeat(32)],
  ])('gives the same bytes as eventHash: %s', (_label, stream, type, previousHash) => {
    const event = {
      id: '01a20e8b-62e1-7000-98a4-d7d40e6085d4',
      type,
      dataJson: canonicalJson({ title: 'Fee cap "20%"', n: 1.5, list: [1, null, 'é'] }),
      metadataJson: canonicalJson({ actor: 'm', firmId: 'f', occurredAt: '2026-11-24T00:00:00.000Z' }),
    };
    const expected = eventHash(previousHash, { ...event, stream, revision: 7 });
    expect(preparedEventHash(previousHash, JSON.stringify(stream), 7, event, JSON.stringify(type))).toBe(expected);
  });
});
