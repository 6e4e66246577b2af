import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDriftFirm, closeCheck, headPosition, prepareCheck, type DriftFirm } from './fanout/drift-firm';
import { SubscriberPool, type Delivery } from './fanout/subscriber-pool';
import { startBenchServer, type BenchServer } from './support/bench-server';
import { fmt, fmtValue, percentile, type Benchmark, type BenchReport } from './support/framework';
import { makeTempDir, median, Progress, removeTempDir } from './support/helpers';

/** Connections sharing one viewer token (a member may hold several connections: several dashboards). */
const CONNECTIONS_PER_TOKEN = 50;
/** Handshakes in flight at once while connecting. */
const CONNECT_IN_FLIGHT = 100;
const DELIVERY_TIMEOUT_MS = 15_000;

type Memory = Awaited<ReturnType<BenchServer['memory']>>;

export const fanout: Benchmark = {
  name: 'fanout',
  description: 'one drift (SCORE_DROP from a real closeCheck) to 1,000 graphql-ws driftDetected subscribers of one firm; delivery latency, server heap per idle connection',
  expected: '20-30 s',
  async run(ctx): Promise<BenchReport> {
    const subscribers = ctx.pick(1_000, 20);
    const rounds = ctx.pick(5, 1);
    // How long to wait at most for the server to go idle (before each timed drift and each heap figure).
    const settleMs = ctx.pick(10_000, 1_000);
    const dir = makeTempDir('fanout');
    const started = performance.now();
    const phase = (what: string) => process.stderr.write(`  fanout ${fmt((performance.now() - started) / 1000, 1)} s: ${what}\n`);
    let server: BenchServer | undefined;
    let pool: SubscriberPool | undefined;
    try {
      phase('starting the server');
      // FANOUT_PROFILE_DIR=<dir>: the server writes a CPU profile there when it stops (node --cpu-prof).
      const profileDir = process.env.FANOUT_PROFILE_DIR;
      server = await startBenchServer(
        { ACCORD_EVENT_STORE: `sqlite:${join(dir, 'accord.db')}` },
        { execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] },
      );
      const url = server.httpUrl;
      phase('creating the firm and its members');
      const firm = await createDriftFirm(url, Math.ceil(subscribers / CONNECTIONS_PER_TOKEN));

      // The same drifts to one subscriber first: the path without the fan-out (and a warm-up; it
      // is gone before the baseline heap, so one-time costs are not counted per connection).
      const single = new SubscriberPool(server.wsUrl, firm.firmId);
      let singleResults: RoundResult[];
      try {
        await single.connect(1, firm.viewerTokens, await headPosition(url, firm.partnerToken), 1);
        singleResults = await driftRounds(server, firm, single, rounds, settleMs, (round) => phase(`drift ${round}/${rounds} to 1 subscriber`));
      } finally {
        await single.dispose();
      }

      await settle(server, settleMs);
      const before = await server.memory();

      phase(`connecting ${fmt(subscribers)} subscribers`);
      const connecting = new Progress('connected', subscribers);
      pool = new SubscriberPool(server.wsUrl, firm.firmId);
      const after = await headPosition(url, firm.partnerToken);
      const connectStart = performance.now();
      await pool.connect(subscribers, firm.viewerTokens, after, CONNECT_IN_FLIGHT, (done) => connecting.tick(done));
      const connectMs = performance.now() - connectStart;
      connecting.clear();
      await settle(server, settleMs);
      const idle = await server.memory();

      const results = await driftRounds(server, firm, pool, rounds, settleMs, (round) => phase(`drift ${round}/${rounds} to ${fmt(subscribers)} subscribers`));
      // Anything extra (a duplicate, a drift twice) would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const afterRounds = await server.memory();
      return report({ subscribers, tokens: firm.viewerTokens.length, connectMs, before, idle, afterRounds, results, singleResults, pool });
    } finally {
      await pool?.dispose().catch(() => undefined);
      await server?.stop();
      removeTempDir(dir);
    }
  },
};

interface RoundResult {
  checkId: string;
  /** performance.now() just before the closeCheck request was sent. */
  sentAt: number;
  /** Date.now() − performance.now() at that moment, to compare with the server's wall clock. */
  wallOffset: number;
  closeResponseMs: number;
  deliveries: Delivery[];
  timedOut: boolean;
  serverCpuMs: number;
  clientCpuMs: number;
}

/** Closes the prepared low-scoring check and waits until every subscriber has its drift. */
async function deliverOnce(server: BenchServer, pool: SubscriberPool, firm: DriftFirm, checkId: string): Promise<RoundResult> {
  const serverCpu = server.cpuMs();
  const clientCpu = process.cpuUsage();
  const wallOffset = Date.now() - performance.now();
  const sentAt = performance.now();
  const closing = closeCheck(server.httpUrl, firm, checkId).then((closed) => {
    if (closed.score !== 0) throw new Error(`check ${checkId} scored ${closed.score}, expected 0`);
    return performance.now() - sentAt;
  });
  let deliveries: Delivery[];
  let timedOut = false;
  try {
    deliveries = await pool.allReceived(checkId, DELIVERY_TIMEOUT_MS);
  } catch {
    timedOut = true;
    deliveries = pool.received(checkId);
  }
  const closeResponseMs = await closing;
  const cpu = process.cpuUsage(clientCpu);
  return { checkId, sentAt, wallOffset, closeResponseMs, deliveries: [...deliveries], timedOut, serverCpuMs: server.cpuMs() - serverCpu, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * `rounds` SCORE_DROPs: each round closes a check scoring 1/1, then one scoring 0/1, whose close is
 * the timed mutation (the server idle before it, so one round's tail does not delay the next).
 */
async function driftRounds(server: BenchServer, firm: DriftFirm, pool: SubscriberPool, rounds: number, settleMs: number, onRound: (round: number) => void): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    await closeCheck(server.httpUrl, firm, await prepareCheck(server.httpUrl, firm, 'MATCH'));
    const lowCheck = await prepareCheck(server.httpUrl, firm, 'MISMATCH');
    await settle(server, settleMs);
    onRound(round);
    results.push(await deliverOnce(server, pool, firm, lowCheck));
  }
  return results;
}

/** Waits until the server has been idle (under 5 ms CPU in 250 ms), at most `maxMs`. */
async function settle(server: BenchServer, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = server.cpuMs();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = server.cpuMs();
    if (now - last < 5 || Number.isNaN(now)) return;
    last = now;
  }
}

interface Summary {
  subscribers: number;
  tokens: number;
  connectMs: number;
  before: Memory;
  idle: Memory;
  afterRounds: Memory;
  results: RoundResult[];
  singleResults: RoundResult[];
  pool: SubscriberPool;
}

function report({ subscribers, tokens, connectMs, before, idle, afterRounds, results, singleResults, pool }: Summary): BenchReport {
  const expected = subscribers * results.length;
  const sinceSent = results.flatMap((r) => r.deliveries.map((d) => d.at - r.sentAt)).sort((a, b) => a - b);
  const sinceClosed = results.flatMap((r) => r.deliveries.map((d) => d.at + r.wallOffset - d.detectedAt)).sort((a, b) => a - b);
  const exactlyOnce = results.every((r) => new Set(r.deliveries.map((d) => d.subscriber)).size === subscribers && r.deliveries.length === subscribers);
  const wrongKind = results.flatMap((r) => r.deliveries).filter((d) => d.kind !== 'SCORE_DROP').length;
  const received = sinceSent.length;
  const KB = 1024;
  const MB = 1024 * 1024;
  const heapPerConnKb = (idle.heapUsed - before.heapUsed) / subscribers / KB;
  const rssPerConnKb = (idle.rss - before.rss) / subscribers / KB;
  const stats = (sorted: number[]) => `p50 ${fmtValue(percentile(sorted, 50), 'ms')}, p90 ${fmtValue(percentile(sorted, 90), 'ms')}, p99 ${fmtValue(percentile(sorted, 99), 'ms')}, max ${fmtValue(sorted.at(-1) ?? NaN, 'ms')}`;

  const figures = [
    `${fmt(subscribers)} subscribers (graphql-ws + ws, one socket each, in the bench process) of one firm, sharing ${tokens} viewer token(s); real server in its own process, SQLite file store (synchronous=FULL)`,
    `connect: ${fmt(subscribers)} sockets to connection_ack in ${fmtValue(connectMs, 'ms')} (${fmt((subscribers / connectMs) * 1000)} conn/s, ${CONNECT_IN_FLIGHT} handshakes in flight)`,
    `delivery from closeCheck sent, ${results.length} drift(s) × ${fmt(subscribers)} = ${fmt(received)}/${fmt(expected)} deliveries: ${stats(sinceSent)}`,
    `reference, the same drifts to 1 subscriber before the others connected: ${stats(singleResults.flatMap((r) => r.deliveries.map((d) => d.at - r.sentAt)).sort((a, b) => a - b))}; closeCheck answered in median ${fmtValue(median(singleResults.map((r) => r.closeResponseMs)), 'ms')}`,
    `delivery from CheckClosed recorded (detectedAt, server wall clock, 1 ms resolution): ${stats(sinceClosed)}`,
  ];
  for (const [i, r] of results.entries()) {
    const own = r.deliveries.map((d) => d.at - r.sentAt).sort((a, b) => a - b);
    figures.push(
      `  drift ${i + 1}: first ${fmtValue(own[0] ?? NaN, 'ms')}, p99 ${fmtValue(percentile(own, 99), 'ms')}, last ${fmtValue(own.at(-1) ?? NaN, 'ms')}; closeCheck answered in ${fmtValue(r.closeResponseMs, 'ms')}; CPU server ${fmtValue(r.serverCpuMs, 'ms')}, clients ${fmtValue(r.clientCpuMs, 'ms')}${r.timedOut ? ' — TIMED OUT' : ''}`,
    );
  }
  figures.push(
    `server heap after full GC: ${fmtValue(before.heapUsed / MB, 'MB')} before any connection, ${fmtValue(idle.heapUsed / MB, 'MB')} with ${fmt(subscribers)} idle subscribers → ${fmtValue(heapPerConnKb, 'KB')} per connection; ${fmtValue(afterRounds.heapUsed / MB, 'MB')} after the drifts`,
    `server RSS: ${fmtValue(before.rss / MB, 'MB')} before, ${fmtValue(idle.rss / MB, 'MB')} idle (${fmtValue(rssPerConnKb, 'KB')} per connection), ${fmtValue(afterRounds.rss / MB, 'MB')} after; external ${fmtValue(before.external / MB, 'MB')} → ${fmtValue(idle.external / MB, 'MB')}`,
    `closeCheck response median ${fmtValue(median(results.map((r) => r.closeResponseMs)), 'ms')}; CPU per drift median: server ${fmtValue(median(results.map((r) => r.serverCpuMs)), 'ms')}, clients ${fmtValue(median(results.map((r) => r.clientCpuMs)), 'ms')}`,
  );
  const notes = [
    'delivery = a subscriber\'s graphql-ws `next` callback minus the moment closeCheck was sent; the drift is appended by the drift-on-close process after CheckClosed, then published once projected',
    'heap per connection = (heap with every subscriber connected and subscribed, idle − heap before any connection) / subscribers, both after two full GCs; the 1-subscriber reference (also the warm-up) came and went before the baseline, so one-time costs are not counted per connection',
  ];
  if (!exactlyOnce) notes.push('NOT exactly once: some subscriber missed a drift or received one twice');
  if (wrongKind > 0) notes.push(`${wrongKind} deliveries were not SCORE_DROP`);
  if (pool.problems.length > 0) notes.push(`client problems (${pool.problems.length}): ${pool.problems.slice(0, 3).join('; ')}`);
  return {
    figures,
    notes,
    checks: [
      { what: 'deliveries received exactly once (every subscriber, every drift)', measured: exactlyOnce ? 100 : (100 * received) / expected, direction: 'min', target: 100, unit: '%' },
      { what: 'delivery p99 from closeCheck sent', measured: percentile(sinceSent, 99), direction: 'max', target: 200, unit: 'ms' },
      { what: 'server heap per idle connection', measured: heapPerConnKb, direction: 'max', target: 16, unit: 'KB' },
    ],
  };
}
