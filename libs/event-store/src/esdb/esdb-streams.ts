import { streamNameFilter, type Filter } from '@eventstore/db-client';
import { InvalidAppendError } from '../errors';

/**
 * Which of EventStoreDB's streams are Accord's: those whose name starts with `prefix` (empty by
 * default: every stream of a server given to Accord alone), never a system stream or event (`$…`).
 * Accord's stream `s` is stored as `prefix + s`; hashes cover `s`, so they do not depend on the prefix.
 */
export class EsdbStreams {
  constructor(readonly prefix: string) {
    if (prefix.startsWith('$')) throw new Error(`stream prefix "${prefix}" would name system streams; drop the leading $`);
  }

  /** The server's name for Accord's stream `stream`; refuses names the server keeps for itself. */
  esdbName(stream: string): string {
    const name = this.prefix + stream;
    if (name.startsWith('$')) throw new InvalidAppendError(`stream ${stream}: names starting with $ are EventStoreDB system streams`);
    return name;
  }

  /** Refuses event types the server keeps for itself: reads of `$all` leave such events out. */
  checkTypes(stream: string, types: Iterable<string>): void {
    for (const type of types) {
      if (type.startsWith('$')) throw new InvalidAppendError(`stream ${stream}: event type ${type} starts with $, which EventStoreDB keeps for system events`);
    }
  }

  /** Accord's name for the server's stream `name`, which must be one of Accord's. */
  accordName(name: string): string {
    return name.slice(this.prefix.length);
  }

  /** Whether an event read from `$all` is one of Accord's. */
  isAccord(streamName: string, type: string): boolean {
    return !streamName.startsWith('$') && !type.startsWith('$') && streamName.startsWith(this.prefix);
  }

  /** The same choice as a server-side filter, for subscriptions (the client filters reads of `$all` only there). */
  serverFilter(): Filter {
    return this.prefix === '' ? streamNameFilter({ regex: '^[^$]' }) : streamNameFilter({ prefixes: [this.prefix] });
  }
}
