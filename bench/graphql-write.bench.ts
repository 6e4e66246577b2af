import type { Benchmark, Check } from './support/framework';
import { fmt } from './support/framework';
import { serveWorld, sharedGraphqlWorld } from './graphql/graphql-world';
import { FLOOR_REQUEST, requireNoFailures, runLoad } from './graphql/load';
import { finalStateProblems, ReadYourWrites } from './graphql/read-your-writes';
import { Side } from './graphql/rounds';
import { Confirmations, mutationPool, mutationRequest, type Mutation } from './graphql/write-requests';

const CONNECTIONS = 20;
const RATE_TARGET = 800;
const P99_TARGET_MS = 50;

/**
 * `submitAnswer` and `endorseDecision` end to end on the real server (its own process, SQLite file,
 * durable appends by default), 20 connections: each mutation a different valid one (every partner
 * answers every question of the firm's open check and endorses its proposed decision), returning
 * once its read models and the process managers' reactions show it. Rounds alternate with the
 * floor; a separate client samples read-your-writes meanwhile.
 */
export const graphqlWrite: Benchmark = {
  name: 'graphql-write',
  description: 'submitAnswer + endorseDecision end to end (read-your-writes checked) at 20 connections (autocannon), vs { __typename } on the same server',
  expected: '~40 s (~80 s when it seeds its own store)',
  async run(ctx) {
    const rounds = ctx.pick(3, 1);
    // A round ends after `perRound` mutations or `roundSeconds`, whichever comes first.
    const perRound = ctx.pick(4_000, 400);
    const roundSeconds = ctx.pick(6, 1.5);
    const floorSeconds = ctx.pick(2, 1);
    const world = await sharedGraphqlWorld(ctx);
    const pool = mutationPool(world.firms, Math.min(50, world.firms.length));
    const planned = rounds * perRound;
    if (pool.length < planned + CONNECTIONS) throw new Error(`graphql-write: ${pool.length} mutations in the pool, ${planned} needed`);

    let cursor = 0;
    let loadTaken = 0;
    const fromLoad = (): Mutation => {
      loadTaken++;
      return pool[cursor++];
    };
    // The sampler takes from the same sequence, but never what the load's remaining rounds may need
    // (autocannon may build one request per connection beyond its amount).
    let loadPlanned = planned;
    const fromSampler = (): Mutation | undefined => (pool.length - cursor > loadPlanned - loadTaken + CONNECTIONS ? pool[cursor++] : undefined);

    const server = await serveWorld(world);
    const floor = new Side(`floor { __typename } @${CONNECTIONS}`);
    const writes = new Side(`mutations @${CONNECTIONS}`);
    const confirmations = new Confirmations();
    const sampler = new ReadYourWrites(server.httpUrl, fromSampler, confirmations.add);
    let finalProblems: string[] = [];
    let firmsWritten: Array<Mutation['firm']> = [];
    try {
      await runLoad({ httpUrl: server.httpUrl, connections: CONNECTIONS, seconds: ctx.pick(2, 0.5), next: () => FLOOR_REQUEST });
      for (let round = 0; round < rounds; round++) {
        process.stderr.write(`\r  round ${round + 1}/${rounds}: floor…`.padEnd(60));
        const floorRound = await runLoad({ httpUrl: server.httpUrl, connections: CONNECTIONS, seconds: floorSeconds, next: () => FLOOR_REQUEST });
        requireNoFailures('graphql-write floor', floorRound);
        floor.rounds.push(floorRound);
        process.stderr.write(`\r  round ${round + 1}/${rounds}: mutations…`.padEnd(60));
        sampler.start();
        try {
          const result = await runLoad({ httpUrl: server.httpUrl, connections: CONNECTIONS, amount: perRound, maxSeconds: roundSeconds, next: () => mutationRequest(fromLoad(), confirmations.add) });
          requireNoFailures('graphql-write mutations', result);
          writes.rounds.push(result);
          // A round cut short by time leaves its share of the pool to the sampler.
          loadPlanned = loadTaken + (rounds - round - 1) * perRound;
        } finally {
          await sampler.stop();
        }
      }
      process.stderr.write('\r'.padEnd(61) + '\r');
      // Every firm whose 16 mutations were all confirmed: its check revealed, its decision locked.
      firmsWritten = confirmations.fullyWritten(pool);
      finalProblems = await finalStateProblems(server.httpUrl, firmsWritten);
    } finally {
      await server.stop();
    }

    const kinds = pool.slice(0, cursor).reduce((n, m) => ({ ...n, [m.kind]: (n[m.kind] ?? 0) + 1 }), {} as Record<string, number>);
    const figures = [
      `store: ${fmt(world.firms.length)} firms, ${fmt(world.events)} events before the run (SQLite file, server defaults: synchronous FULL)`,
      `${rounds} round(s) of ${fmt(perRound)} mutations or ${roundSeconds} s (whichever first) alternated with ${floorSeconds} s of the floor; medians of the rounds`,
      floor.describe(),
      `${writes.describe(floor)}`,
      `mutations taken from the pool: ${fmt(kinds.submitAnswer ?? 0)} submitAnswer, ${fmt(kinds.endorseDecision ?? 0)} endorseDecision (incl. ${fmt(sampler.samples)} by the read-your-writes sampler)`,
      `read-your-writes: ${fmt(sampler.samples)} sampled (mutation, then an immediate read), ${fmt(sampler.failures.length)} failed; every 200 response checked to show its own write`,
      `after the load: ${fmt(firmsWritten.length)} firms fully written, ${fmt(finalProblems.length)} without a revealed check and a locked decision`,
    ];
    const checks: Check[] = [
      { what: `mutations/s @${CONNECTIONS} connections`, measured: writes.rps, direction: 'min', target: RATE_TARGET, unit: 'mut/s' },
      { what: `mutation p99 @${CONNECTIONS} connections`, measured: writes.p99, direction: 'max', target: P99_TARGET_MS, unit: 'ms' },
      { what: 'read-your-writes failures (sampled + final state)', measured: sampler.failures.length + finalProblems.length, direction: 'max', target: 0, unit: '' },
    ];
    const notes = [
      'A mutation returns once its events are projected and the process managers have reacted (the last answer reveals the check, the last endorsement locks the decision, resolves disagreements, supersedes the old decision): that work is inside every latency.',
      ...[...sampler.failures, ...finalProblems].slice(0, 5).map((problem) => `read-your-writes failure: ${problem}`),
    ];
    return { figures, checks, notes };
  },
};
