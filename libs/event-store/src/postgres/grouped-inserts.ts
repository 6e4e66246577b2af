/** One append's rows, hash-chained onto its stream's tip and ready to insert. */
export interface ChainedAppend {
  stream: string;
  ids: string[];
  revisions: number[];
  types: string[];
  data: string[];
  metadata: string[];
  hashes: string[];
  previousHashes: Array<string | null>;
}

/** Writes appends in one transaction; resolves to the last position of each, in order. */
export type WriteAppends = (appends: readonly ChainedAppend[]) => Promise<number[]>;

interface Waiting {
  append: ChainedAppend;
  resolve(position: number): void;
  reject(error: unknown): void;
}

/** A group stops growing at this many events or bytes of data and metadata (one statement's parameters). */
const MAX_GROUP_EVENTS = 2_000;
const MAX_GROUP_BYTES = 8 * 1024 * 1024;

/**
 * Errors one member's rows can cause on their own: a data exception (class 22, e.g. a NUL byte or an
 * invalid JSON escape), an integrity violation (23: its stream moved, its ids are recorded) or a
 * program limit (54: a stream name too long for the index). Then each member is written alone, so
 * only the culprit fails. Lock timeouts, lost connections and shutdowns fail the whole group.
 */
function blamesOneMember(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

const bytesOf = (append: ChainedAppend): number => {
  let bytes = 0;
  for (let i = 0; i < append.data.length; i++) bytes += append.data[i].length + append.metadata[i].length;
  return bytes;
};

/**
 * Group commit for appends of one process. Every commit holds the log's head lock through its flush
 * to disk, so commits cannot share a flush in PostgreSQL; instead, appends that arrive while
 * `slots` writes are already under way wait here and go together as ONE transaction (one flush),
 * each with its own contiguous positions. A group never holds two appends of one stream. If a
 * group fails on an error one member can cause alone ({@link blamesOneMember}: its stream moved,
 * its ids are recorded, its data is refused), each member is written again alone, so only that
 * member fails and the others keep their outcome.
 *
 * `slots` is more than one so that a write stalled at the head lock (a long transaction of
 * `appendWithin`, another process) does not hold back this process's next writes on its own:
 * they queue at the lock in PostgreSQL, as without grouping.
 */
export class GroupedInserts {
  private readonly pending: Waiting[] = [];
  private running = 0;

  constructor(private readonly slots: number, private readonly write: WriteAppends) {}

  submit(append: ChainedAppend): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ append, resolve, reject });
      this.start();
    });
  }

  private start(): void {
    while (this.running < this.slots && this.pending.length > 0) {
      const group = this.takeGroup();
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.start();
      });
    }
  }

  /** The oldest waiting appends, one per stream, up to {@link MAX_GROUP_EVENTS} events (always at least one). */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const streams = new Set<string>();
    let events = 0;
    let bytes = 0;
    for (let i = 0; i < this.pending.length; ) {
      const waiting = this.pending[i];
      const size = waiting.append.ids.length;
      const weight = bytesOf(waiting.append);
      if (group.length > 0 && (events + size > MAX_GROUP_EVENTS || bytes + weight > MAX_GROUP_BYTES)) break;
      if (streams.has(waiting.append.stream)) {
        i++;
        continue;
      }
      group.push(waiting);
      streams.add(waiting.append.stream);
      events += size;
      bytes += weight;
      this.pending.splice(i, 1);
    }
    return group;
  }

  private async run(group: Waiting[]): Promise<void> {
    try {
      const positions = await this.write(group.map((w) => w.append));
      group.forEach((w, i) => w.resolve(positions[i]));
    } catch (error) {
      if (group.length === 1 || !blamesOneMember(error)) {
        for (const w of group) w.reject(error);
        return;
      }
      for (const w of group) {
        try {
          w.resolve((await this.write([w.append]))[0]);
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  }
}
