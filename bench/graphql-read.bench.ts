import type { Benchmark, Check } from './support/framework';
import { fmt } from './support/framework';
import { serveWorld, sharedGraphqlWorld } from './graphql/graphql-world';
import { FLOOR_REQUEST, requireNoFailures, runLoad, type LoadRequest } from './graphql/load';
import { cycle, debtRequests, whyRequests } from './graphql/read-requests';
import { Side } from './graphql/rounds';

const CONNECTIONS = [10, 50] as const;
const P99_TARGET_MS = 10;
const FLOOR_RATIO_TARGET = 0.4;

/**
 * `decision(id){ why {…} }` and `conflictDebt` from the real server (its own process, SQLite file,
 * defaults) over 1,000 firms and 10,000 decisions, at 10 and 50 connections, each request for
 * another decision or firm with a member's token; rounds alternate with the floor, the same server
 * answering `{ __typename }`.
 */
export const graphqlRead: Benchmark = {
  name: 'graphql-read',
  description: 'decision.why and conflictDebt over 1,000 firms / 10,000 decisions at 10 and 50 connections (autocannon), vs { __typename } on the same server',
  expected: '~110 s',
  async run(ctx) {
    const seconds = ctx.pick(2.5, 0.6);
    const rounds = ctx.pick(3, 1);
    const world = await sharedGraphqlWorld(ctx);
    const why = cycle(whyRequests(world.firms));
    const debt = cycle(debtRequests(world.firms));
    const operations: Array<{ name: string; next: () => LoadRequest }> = [
      { name: 'floor { __typename }', next: () => FLOOR_REQUEST },
      { name: 'decision.why', next: why },
      { name: 'conflictDebt', next: debt },
    ];
    const server = await serveWorld(world);
    const sides = new Map<string, Side>();
    try {
      // Warm-up (JIT, SQLite page cache, prepared statements), not measured.
      for (const op of operations) await runLoad({ httpUrl: server.httpUrl, connections: 10, seconds: ctx.pick(1.5, 0.3), next: op.next });
      for (const connections of CONNECTIONS) {
        for (let round = 0; round < rounds; round++) {
          // Rotate the order too, so neither side always runs right after the same one.
          for (let i = 0; i < operations.length; i++) {
            const op = operations[(i + round) % operations.length];
            const key = `${op.name} @${connections}`;
            process.stderr.write(`\r  ${key}, round ${round + 1}/${rounds}…`.padEnd(60));
            const result = await runLoad({ httpUrl: server.httpUrl, connections, seconds, next: op.next });
            requireNoFailures(`graphql-read ${key}`, result);
            if (!sides.has(key)) sides.set(key, new Side(key));
            sides.get(key)!.rounds.push(result);
          }
        }
      }
      process.stderr.write('\r'.padEnd(61) + '\r');
    } finally {
      await server.stop();
    }

    const side = (name: string, connections: number) => sides.get(`${name} @${connections}`)!;
    const figures = [
      `store: ${fmt(world.firms.length)} firms, ${fmt(world.decisions)} decisions, ${fmt(world.events)} events (SQLite file, server defaults; seeded + projected in ${fmt(world.seedSeconds, 1)} s)`,
      `${rounds} round(s) of ${seconds} s per side and connection count, sides alternated; medians of the rounds`,
    ];
    const checks: Check[] = [];
    for (const connections of CONNECTIONS) {
      const floor = side('floor { __typename }', connections);
      figures.push(floor.describe());
      for (const name of ['decision.why', 'conflictDebt']) {
        const measured = side(name, connections);
        figures.push(measured.describe(floor));
        if (connections === 10) checks.push({ what: `${name} p99 @10 connections`, measured: measured.p99, direction: 'max', target: P99_TARGET_MS, unit: 'ms' });
        checks.push({ what: `${name} / floor req/s @${connections} connections`, measured: measured.rps / floor.rps, direction: 'min', target: FLOOR_RATIO_TARGET, unit: '×' });
      }
    }
    return {
      figures,
      checks,
      notes: [
        'Every request asks for another decision (all 10,000 in turn) or firm, with the token of a member of its firm; every response is checked (2xx, no GraphQL errors, the id asked for): any failure fails the benchmark.',
        'autocannon runs in the benchmark process, the server in its own (2 vCPUs shared by both): the floor pays the same load generator.',
      ],
    };
  },
};
