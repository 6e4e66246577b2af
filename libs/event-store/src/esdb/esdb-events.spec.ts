import type { EventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { verifyChain } from '../hash-chain';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { anEvent, collect, events } from '../testing/fixtures';
import type { NewEvent, RecordedEvent } from '../types';
import { prepareAppend } from '../validate-append';
import { fromEsdbEvent, parseEsdbMetadata, toEsdbEvents, type StreamTip } from './esdb-events';

/** What the client sends and hands back, with the JSON text in between as the server stores it. */
function throughServer(esdbStream: string, sent: EventData[], firstRevision: number, firstCommit: bigint): EsdbRecordedEvent[] {
  return sent.map((event, i) => {
    const commit = firstCommit + BigInt(200 * i);
    return {
      streamId: esdbStream,
      id: event.id,
      isJson: true,
      revision: BigInt(firstRevision + i),
      type: event.type,
      created: new Date(),
      data: JSON.parse(JSON.stringify(event.data)),
      metadata: JSON.parse(JSON.stringify(event.metadata)),
      position: { commit, prepare: commit },
    } as EsdbRecordedEvent;
  });
}

/** Appends `batches` to stream `s` as the adapter would, and reads them back as the adapter would. */
function writeAndRead(batches: NewEvent[][]): RecordedEvent[] {
  const read: RecordedEvent[] = [];
  let tip: StreamTip | undefined;
  let commit = 5000n;
  for (const batch of batches) {
    const sent = toEsdbEvents('s', prepareAppend('s', batch, 'any'), tip);
    const stored = throughServer('acc-s', sent, read.length, commit);
    commit += 10_000n;
    for (const event of stored) read.push(fromEsdbEvent(event, 's', Number(event.position!.commit)));
    const last = read[read.length - 1];
    tip = { revision: last.revision, hash: last.hash };
  }
  return read;
}

describe('EventStoreDB events: the hash chain in metadata', () => {
  it('sends the canonical payload, the event id as the client event id, and Accord metadata with hash and previous hash', () => {
    const event = anEvent('CheckOpened', { b: 2, a: [1, { z: null, y: 'x' }] });
    const [sent] = toEsdbEvents('s', prepareAppend('s', [event], 'no_stream'), undefined) as Array<EventData & { data: unknown; metadata: unknown }>;
    expect(sent).toMatchObject({ id: event.id, contentType: 'application/json', type: 'CheckOpened' });
    expect(JSON.stringify(sent.data)).toBe('{"a":[1,{"y":"x","z":null}],"at":1,"b":2,"note":"a concrete, specific statement about what happened"}');
    expect(sent.metadata).toEqual({ metadata: event.metadata, hash: expect.stringMatching(/^[0-9a-f]{64}$/), previousHash: null });
  });

  it('chains exactly as the SQLite adapter does for the same events, across appends', async () => {
    const batches = [events(3), [anEvent('Other', { nested: { b: [1, 'x'], a: null } })], events(2)];
    const sqlite = SqliteEventStore.open({ path: ':memory:' });
    try {
      for (const batch of batches) await sqlite.append('s', batch, { expectedRevision: 'any' });
      const expected = await collect(sqlite.readStream('s'));
      const read = writeAndRead(batches);
      expect(read.map((e) => [e.id, e.revision, e.hash, e.previousHash])).toEqual(expected.map((e) => [e.id, e.revision, e.hash, e.previousHash]));
      expect(read.map((e) => [e.data, e.metadata])).toEqual(expected.map((e) => [e.data, e.metadata]));
    } finally {
      await sqlite.close();
    }
  });

  it('reads back events that verify, with the stream named without its prefix', async () => {
    const read = writeAndRead([events(2), events(1)]);
    expect(read.map((e) => e.stream)).toEqual(['s', 's', 's']);
    expect(await verifyChain(read)).toMatchObject({ ok: true, eventsChecked: 3, streamsChecked: 1 });
  });

  it('reads an id in lower case whatever case the server returns it in', () => {
    const [stored] = throughServer('acc-s', toEsdbEvents('s', prepareAppend('s', events(1), 'no_stream'), undefined), 0, 5000n);
    expect(fromEsdbEvent({ ...stored, id: stored.id.toUpperCase() } as EsdbRecordedEvent, 's', 5000).id).toBe(stored.id);
  });

  it('refuses events Accord did not write: binary, or without a hash chain', () => {
    const [stored] = throughServer('acc-s', toEsdbEvents('s', prepareAppend('s', events(1), 'no_stream'), undefined), 0, 5000n);
    expect(() => fromEsdbEvent({ ...stored, isJson: false } as EsdbRecordedEvent, 's', 5000)).toThrow('not JSON');
    const good = stored.metadata as { metadata: object; hash: string; previousHash: null };
    const broken: unknown[] = [
      undefined,
      new Uint8Array([1]),
      { actor: 'member-1', firmId: 'firm-1', occurredAt: 'x' },
      { ...good, hash: 'abc' },
      { ...good, previousHash: 'not-a-hash' },
      { ...good, metadata: null },
    ];
    for (const metadata of broken) expect(() => parseEsdbMetadata(metadata, 'acc-s@0')).toThrow('acc-s@0 has no Accord metadata');
    expect(parseEsdbMetadata(good, 'acc-s@0')).toEqual(good);
  });
});
