import type { CrashReport } from './crash-harness';

/** The figures of a crash run, as the soak prints them and the README quotes them. */
export function formatSummary(report: CrashReport): string {
  const { options } = report;
  const rejected = Object.entries(report.rejected).map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  const byKind = Object.entries(report.acknowledgedByKind).sort(([, a], [, b]) => b - a).map(([kind, n]) => `${kind} ${n}`).join(', ');
  const lines = [
    '',
    `crash-recovery ${report.failures.length === 0 ? 'PASSED' : 'FAILED'} (seed ${options.seed}, ${options.store}, ${options.concurrency} clients, projector lease ${options.leaseSeconds ? `${options.leaseSeconds} s` : "the server's default"})`,
    `  mutations: ${report.sent} sent, ${report.acknowledged} acknowledged, ${report.lostInFlight} lost in flight, rejected: ${rejected}`,
    `  acknowledged by kind: ${byKind}`,
    `  firms: ${report.firms}; events in the log: ${report.eventsInLog}`,
    `  kills: ${report.kills} (SIGKILL), ${report.rounds.reduce((n, r) => n + r.inFlightAtKill, 0)} requests in flight at the kills`,
    `  recovery after a kill, to /health 200: ${spread(report.rounds.map((r) => r.healthyMs))}`,
    `  recovery after a kill, to projections and reactions at the head: ${spread(report.rounds.map((r) => r.caughtUpMs))}`,
    `  checks per kill: stores offline ${spread(report.rounds.map((r) => r.offlineCheckMs))}, through the API ${spread(report.rounds.map((r) => r.apiCheckMs))}; final rebuild comparison ${report.final.offlineCheckMs} ms`,
    `  total time: ${seconds(report.totalMs)} s, of which clients were sending ${seconds(report.trafficMs)} s (${Math.round(report.acknowledged / (report.trafficMs / 1000))} acknowledged mutations/s)`,
  ];
  if (report.failures.length > 0) {
    lines.push(`  ${report.failures.length} failures:`, ...report.failures.slice(0, 50).map((f) => `    ${f}`));
    lines.push(`  replay: npm run soak -- --seed ${options.seed} --mutations ${options.mutations} --kills ${options.kills} --concurrency ${options.concurrency} --store ${options.store}`);
  }
  return lines.join('\n');
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

function spread(values: number[]): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median} ms (min ${sorted[0]}, max ${sorted[sorted.length - 1]})`;
}
