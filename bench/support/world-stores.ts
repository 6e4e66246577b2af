import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src';
import type { BenchContext } from './framework';
import { makeTempDir, Progress } from './helpers';
import { markReactionsCaughtUp, projectWorld, seedWorld, type WorldFirm } from './world';

export interface SqliteWorld {
  /** The SQLite file: events and, once `projected`, read models (process managers caught up). */
  path: string;
  dir: string;
  events: number;
  firms: WorldFirm[];
  /** Read models projected to the head and process managers caught up. */
  projected: boolean;
  /** Seconds spent seeding and projecting (not part of any figure; 0 until projected here). */
  seedSeconds: number;
  projectSeconds: number;
}

const QUARTERS = 12;

/**
 * A SQLite store of about `events` events (at least that many): made once per run and shared by the
 * benchmarks that ask for the same size (`rebuild` makes it, `growth` reuses it). Projected unless
 * `projected: false` is asked, which hands it out as it is (unprojected if nobody projected it yet):
 * `rebuild` projects it with the rebuild it measures, then calls {@link markSqliteWorldProjected}.
 * Whoever uses it must leave it as it found it, or copy it.
 */
export async function sharedSqliteWorld(ctx: BenchContext, events: number, options: { projected?: boolean } = {}): Promise<SqliteWorld> {
  const world = await ctx.shared(`sqlite-world-${events}`, () => makeSqliteWorld(events, 'world', { projected: false }));
  if (options.projected ?? true) await projectSqliteWorld(world);
  return world;
}

/** Projects the world's read models (unless done already) and catches its process managers up. */
export async function projectSqliteWorld(world: SqliteWorld, label = 'world'): Promise<void> {
  if (world.projected) return;
  const projecting = new Progress(`projecting ${label}`, world.events);
  try {
    const { ms } = await projectWorld(worldEnv(world), (position) => projecting.tick(position));
    world.projectSeconds = ms / 1000;
  } finally {
    projecting.clear();
  }
  world.projected = true;
}

/** After the world's read models were rebuilt to the head some other way (`accord rebuild`). */
export async function markSqliteWorldProjected(world: SqliteWorld): Promise<void> {
  await markReactionsCaughtUp(worldEnv(world));
  world.projected = true;
}

function worldEnv(world: SqliteWorld): Record<string, string> {
  return { ACCORD_EVENT_STORE: `sqlite:${world.path}` };
}

/**
 * A SQLite world of about `events` events. `quarters`: each firm's quarters of history (default: up
 * to 12, fewer for small worlds); with the same `quarters`, two worlds of different sizes have firms of
 * the same history and differ only in how many firms there are (what `growth` compares).
 */
export function makeSqliteWorld(events: number, label = 'world', options: { projected?: boolean; quarters?: number } = {}): Promise<SqliteWorld> {
  const quarters = options.quarters ?? Math.min(QUARTERS, Math.max(2, Math.ceil(events / 2000)));
  // ~27.5 events per firm-quarter with 4 partners (measured); the last quarter is left open (~7 events).
  const firms = Math.max(2, Math.ceil(events / ((quarters - 1) * 27.5 + 7)));
  return makeSqliteWorldOf({ firms, quarters }, label, options);
}

/** A SQLite world of exactly `firms` firms × `quarters` quarters, the last quarter left open. */
export async function makeSqliteWorldOf(size: { firms: number; quarters: number }, label: string, options: { projected?: boolean } = {}): Promise<SqliteWorld> {
  const { firms, quarters } = size;
  const dir = makeTempDir(label);
  const path = join(dir, 'accord.db');
  // The world comes out ~8% larger than this estimate; a total it passes would print on every tick.
  const progress = new Progress(`seeding ${label} (${firms.toLocaleString('en-US')} firms × ${quarters} quarters)`, Math.ceil(firms * quarters * 27.5 * 1.15));
  const seedStart = Date.now();
  const store = SqliteEventStore.open({ path, synchronous: 'OFF' });
  let seeded: { events: number; firms: WorldFirm[] };
  try {
    seeded = await seedWorld(store, { firms, quarters, openLastQuarter: true }, progress);
  } finally {
    await store.close();
    progress.clear();
  }
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const world: SqliteWorld = { path, dir, events: seeded.events, firms: seeded.firms, projected: false, seedSeconds, projectSeconds: 0 };
  if (options.projected ?? true) await projectSqliteWorld(world, label);
  return world;
}
