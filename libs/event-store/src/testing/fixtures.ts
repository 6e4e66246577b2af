import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../types';

/** A stream name no other test uses. */
export function freshStream(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** A valid event with a ~300-byte row, unique id. */
export function anEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data: { note: 'a concrete, specific statement about what happened', at: 1, ...data },
    metadata: { actor: 'member-1', firmId: 'firm-1', occurredAt: '2026-11-24T10:00:00.000Z', correlationId: randomUUID() },
  };
}

export function events(count: number, type?: string): NewEvent[] {
  return Array.from({ length: count }, (_, i) => anEvent(type, { i }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export async function readAllEvents(store: EventStore): Promise<RecordedEvent[]> {
  return collect(store.readAll());
}

/** Captures the rejection of a promise that must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
