import type { EventData, JSONType, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { jsonString } from '../canonical-json';
import { preparedEventHash } from '../hash-chain';
import type { EventMetadata, RecordedEvent } from '../types';
import type { PreparedEvent } from '../validate-append';

/** An event's metadata as Accord stores it in EventStoreDB: its own metadata and its link in the hash chain. */
export interface EsdbEventMetadata {
  metadata: EventMetadata;
  hash: string;
  previousHash: string | null;
}

/** The last event of a stream, which the next append chains to. */
export interface StreamTip {
  revision: number;
  hash: string;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * The events of a batch as the client sends them, chained to `tip` exactly as the other adapters
 * chain them (see hash-chain.ts). Payloads go as JSON parsed from their canonical text, so the
 * server stores the very text that was hashed; the event id is the client's event id.
 */
export function toEsdbEvents(stream: string, events: readonly PreparedEvent[], tip: StreamTip | undefined): EventData[] {
  const quotedStream = jsonString(stream);
  let previousHash = tip ? tip.hash : null;
  let revision = tip ? tip.revision : -1;
  return events.map((event) => {
    revision++;
    const hash = preparedEventHash(previousHash, quotedStream, revision, event, jsonString(event.type));
    const metadata: EsdbEventMetadata = { metadata: JSON.parse(event.metadataJson) as EventMetadata, hash, previousHash };
    previousHash = hash;
    return {
      id: event.id,
      contentType: 'application/json',
      type: event.type,
      data: JSON.parse(event.dataJson) as JSONType,
      metadata: metadata as unknown as JSONType,
    };
  });
}

/** Accord's record of an event the server returned; `stream` is Accord's name for its stream. */
export function fromEsdbEvent(event: EsdbRecordedEvent, stream: string, position: number): RecordedEvent {
  const where = `${event.streamId}@${event.revision}`;
  if (!event.isJson) throw new Error(`event ${where} is not JSON, so it is not one of Accord's`);
  const { metadata, hash, previousHash } = parseEsdbMetadata(event.metadata, where);
  return {
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data,
    metadata,
    stream,
    revision: Number(event.revision),
    position,
    hash,
    previousHash,
  };
}

/** Checks the shape {@link toEsdbEvents} writes; `where` names the event in the error. */
export function parseEsdbMetadata(raw: unknown, where: string): EsdbEventMetadata {
  const value = raw as Partial<EsdbEventMetadata> | undefined;
  const ok =
    typeof value === 'object' && value !== null && !(value instanceof Uint8Array) &&
    typeof value.metadata === 'object' && value.metadata !== null &&
    typeof value.hash === 'string' && HASH.test(value.hash) &&
    (value.previousHash === null || (typeof value.previousHash === 'string' && HASH.test(value.previousHash)));
  if (!ok) throw new Error(`event ${where} has no Accord metadata with a hash chain, so it was not written by Accord`);
  return { metadata: value.metadata!, hash: value.hash!, previousHash: value.previousHash! };
}
