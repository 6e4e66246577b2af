import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropPgSchema, freshPgUrl } from '@accord/event-store/testing/test-databases';

/** The stores a crash run's server works on. */
export interface CrashTarget {
  description: string;
  /** The server's store variables. */
  env: Record<string, string>;
  /** Whether the store never skips a position: true for both (PostgreSQL positions come from a head counter locked to COMMIT). */
  gaplessPositions: boolean;
  /**
   * Store variables for inspecting the stores as the crash left them, with the server down. On SQLite
   * these name a byte copy of the file and its write-ahead log: opening the original would replay
   * and checkpoint the log, and the restarted server would no longer recover from the crash itself.
   */
  snapshot(): { env: Record<string, string>; discard(): void };
  dispose(): Promise<void>;
}

export async function crashTarget(kind: 'sqlite' | 'postgres', scratch: string): Promise<CrashTarget> {
  if (kind === 'postgres') {
    // One schema holds the log and the read models, as in a single-database deployment.
    const url = freshPgUrl('accord_crash');
    const env = { ACCORD_EVENT_STORE: url, ACCORD_READ_STORE: url };
    return {
      description: `PostgreSQL schema ${new URL(url).searchParams.get('schema')}`,
      env,
      gaplessPositions: true,
      snapshot: () => ({ env, discard: () => undefined }),
      dispose: () => dropPgSchema(url),
    };
  }
  const file = join(scratch, 'accord.db');
  let copies = 0;
  return {
    description: `SQLite ${file}`,
    env: { ACCORD_EVENT_STORE: `sqlite:${file}` },
    gaplessPositions: true,
    snapshot: () => {
      const dir = join(scratch, `inspect-${++copies}`);
      mkdirSync(dir);
      const copy = join(dir, 'accord.db');
      copyFileSync(file, copy);
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
      return { env: { ACCORD_EVENT_STORE: `sqlite:${copy}` }, discard: () => rmSync(dir, { recursive: true, force: true }) };
    },
    dispose: async () => undefined,
  };
}

