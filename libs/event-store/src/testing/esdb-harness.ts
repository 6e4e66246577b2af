import { randomBytes } from 'node:crypto';
import { EsdbEventStore } from '../esdb/esdb-event-store';
import type { ContractHarness } from './contract-harness';

/** The EventStoreDB server the specs run against, if one is configured. */
export const esdbTestUrl: string | undefined = process.env.ACCORD_TEST_ESDB_URL || undefined;

/**
 * Harness for the EventStoreDB adapter. A server cannot be reset between tests, so every store gets
 * a stream prefix of its own and sees only the events written through it (and through `reopen`).
 * No tamperer: the server keeps events immutable, so none can be altered behind its back.
 */
export function esdbHarness(url: string): ContractHarness {
  const open = (streamPrefix: string) => EsdbEventStore.open(url, { streamPrefix, variable: 'ACCORD_TEST_ESDB_URL' });
  return {
    eventIdScope: 'stream',
    gaplessPositions: false,
    open: () => open(`accordtest-${randomBytes(6).toString('hex')}-`),
    reopen: async (store) => {
      const { prefix } = (store as EsdbEventStore).streams;
      await store.close();
      return open(prefix);
    },
  };
}
