import type { BenchContext } from '../support/framework';
import type { WorldFirm } from '../support/world';
import { makeSqliteWorldOf } from '../support/world-stores';
import { startQuietServer } from '../support/server-ready';
import type { BenchServer } from '../support/bench-server';

/** The store both GraphQL benchmarks serve: `firms` firms × `quarters` quarters, the last quarter left open. */
export interface GraphqlWorld {
  path: string;
  events: number;
  firms: WorldFirm[];
  decisions: number;
  seedSeconds: number;
}

export interface GraphqlWorldSize {
  firms: number;
  quarters: number;
}

/** 1,000 firms × 10 quarters: 10,000 decisions, ~275,000 events (the store). */
export const FULL_WORLD: GraphqlWorldSize = { firms: 1_000, quarters: 10 };
export const SMOKE_WORLD: GraphqlWorldSize = { firms: 30, quarters: 3 };

/**
 * Made once per run: `graphql-read` only reads it, `graphql-write` (after it) spends its open
 * quarter. A run of `graphql-write` alone makes its own.
 */
export function sharedGraphqlWorld(ctx: BenchContext): Promise<GraphqlWorld> {
  const size = ctx.pick(FULL_WORLD, SMOKE_WORLD);
  return ctx.shared(`graphql-world-${size.firms}x${size.quarters}`, () => makeGraphqlWorld(size));
}

async function makeGraphqlWorld(size: GraphqlWorldSize): Promise<GraphqlWorld> {
  const world = await makeSqliteWorldOf(size, 'graphql-world');
  const decisions = world.firms.reduce((sum, firm) => sum + firm.decisionIds.length, 0);
  return { path: world.path, events: world.events, firms: world.firms, decisions, seedSeconds: world.seedSeconds + world.projectSeconds };
}

/** The real server over the world's file (defaults otherwise), once it serves everything projected and is quiet (see {@link startQuietServer}). */
export function serveWorld(world: GraphqlWorld, options: { execArgv?: string[] } = {}): Promise<BenchServer> {
  return startQuietServer({ ACCORD_EVENT_STORE: `sqlite:${world.path}` }, { timeoutMs: 120_000, execArgv: options.execArgv });
}
