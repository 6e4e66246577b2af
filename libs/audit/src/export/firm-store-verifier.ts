import type { EventStore, IntegrityReport, StreamHead } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { verifyFirmStreams } from '../integrity/integrity-verifier';
import { AUDIT_PROJECTION } from '../read-model/audit.projection';
import { AuditQueries } from '../read-model/audit.queries';
import { headsDigest } from './export-format';

export interface FirmStoreVerification extends IntegrityReport {
  firmId: string;
  /** The log's head when the verification started. */
  head: number;
  heads: StreamHead[];
  headsDigest: string;
  /** What the audit read model added: null when the read store has none. */
  audit: { checkpoint: number; streams: number } | null;
}

export interface FirmStoreOptions {
  /** Log events scanned, then streams verified. */
  onProgress?: (phase: 'scanning' | 'verifying', done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * `accord verify --firm`: verifies a firm's history in the live store without a running server. The
 * log is scanned for the firm's streams (by `metadata.firmId`), each stream's hash chain is verified
 * (as `verifyIntegrity` does, by the same code); where the read store holds the audit read model, the
 * streams it knows are added and every event it remembers must be in the store with the hash it
 * recorded, and every stored event up to its checkpoint must be remembered. Events after the
 * checkpoint (the projector has not seen them yet) are verified by their chain only.
 */
export async function verifyFirmInStore(store: EventStore, readStore: ReadStore | null, firmId: string, options: FirmStoreOptions = {}): Promise<FirmStoreVerification> {
  const head = await store.headPosition();
  const streams = new Set<string>();
  let scanned = 0;
  for await (const event of store.readAll({ until: head })) {
    if (++scanned % 1000 === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.('scanning', event.position, head);
    }
    if (event.metadata?.firmId === firmId) streams.add(event.stream);
  }
  options.onProgress?.('scanning', head, head);

  const audit = readStore ? await auditModel(readStore, firmId) : null;
  for (const stream of audit?.streams ?? []) streams.add(stream);
  const all = [...streams];
  const report = await verifyFirmStreams(store, firmId, all, {
    remembered: audit ? (stream) => audit.queries.remembered(stream) : undefined,
    rememberedThrough: audit?.checkpoint ?? 0,
    onStream: (done) => {
      options.signal?.throwIfAborted();
      options.onProgress?.('verifying', done, all.length);
    },
  });
  return {
    ...report,
    firmId,
    head,
    headsDigest: headsDigest(report.heads),
    audit: audit ? { checkpoint: audit.checkpoint, streams: audit.streams.length } : null,
  };
}

/** The audit read model's streams of the firm and how far it has read the log, when the read store has it. */
async function auditModel(readStore: ReadStore, firmId: string): Promise<{ queries: AuditQueries; streams: string[]; checkpoint: number } | null> {
  const queries = new AuditQueries(readStore);
  try {
    const checkpoint = await readStore.read(async (tx) => {
      const row = await tx.get<{ position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?', [AUDIT_PROJECTION]);
      return Number(row?.position ?? 0);
    });
    return { queries, streams: await queries.streams(firmId), checkpoint };
  } catch (error) {
    // No audit tables (a read store the server never ran on): the chains alone.
    if (/no such table|does not exist/i.test((error as Error).message)) return null;
    throw error;
  }
}
