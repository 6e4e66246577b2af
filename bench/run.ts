/**
 * `npm run bench [-- <name>…]`: runs the benchmarks (default: all) and prints a report.
 * A report, not a test: the exit code is 0 even when a target is missed (FAIL is printed);
 * it is 2 for an unknown benchmark name and 1 if a benchmark crashes.
 */
import { cpus, totalmem } from 'node:os';
import { appendSqliteBenchmarks, type BenchContext, type BenchResult, type Benchmark } from './append-sqlite.bench';
import { fmtInt, removeTempDir } from './helpers';

const benchmarks: Benchmark[] = [...appendSqliteBenchmarks];

function usage(): string {
  return ['usage: npm run bench [-- <name>…]', '', ...benchmarks.map((b) => `  ${b.name.padEnd(9)} ${b.description}`)].join('\n');
}

function table(results: readonly BenchResult[]): string {
  const head = ['benchmark', 'events/round', 'Accord ev/s', 'raw ev/s', 'Accord/raw', 'target', 'result'];
  const rows = results.map((r) => [
    r.name, fmtInt(r.events), fmtInt(r.accord), fmtInt(r.raw), r.ratio.toFixed(2), r.target, r.pass ? 'PASS' : 'FAIL  <<<',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const names = process.argv.slice(2).filter((a) => a !== '--');
  if (names.includes('-h') || names.includes('--help')) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}\n\n${usage()}`);
    return 2;
  }
  // Keep the registry's order (read follows batch100 and reuses its store).
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));

  console.log(`Accord event store benchmark: ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${cpus().length} CPU(s), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${process.arch}`);
  console.log('Rates are medians of 3 rounds; Accord and raw better-sqlite3 alternate (A R, R A, A R; with raw multi-row M: A R M, M R A, A R M).\n');

  const context: BenchContext = {};
  const results: BenchResult[] = [];
  const started = Date.now();
  try {
    for (const bench of selected) await runOne(bench, context, results);
  } finally {
    if (context.written) removeTempDir(context.written.dir);
  }

  console.log(table(results));
  const failed = results.filter((r) => !r.pass);
  console.log(`\n${failed.length === 0 ? 'ALL TARGETS MET' : `FAIL: ${failed.map((r) => r.name).join(', ')} below target`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

async function runOne(bench: Benchmark, context: BenchContext, results: BenchResult[]): Promise<void> {
  console.error(`${bench.name}: ${bench.description}`);
  const r = await bench.run(context);
  results.push(r);
  const rounds = (xs: number[]) => xs.map(fmtInt).join(' / ');
  console.log(`${r.name}: ${bench.description}`);
  console.log(`  Accord rounds ev/s: ${rounds(r.accordRounds)}`);
  console.log(`  raw    rounds ev/s: ${rounds(r.rawRounds)}`);
  for (const x of r.extra) {
    console.log(`  ${x.label} rounds ev/s: ${rounds(x.rounds)} (median ${fmtInt(x.median)}; Accord/${x.label} ${(r.accord / x.median).toFixed(2)}; information only)`);
  }
  for (const note of r.notes) console.log(`  note: ${note}`);
  console.log(`  => Accord ${fmtInt(r.accord)} ev/s, raw ${fmtInt(r.raw)} ev/s, ratio ${r.ratio.toFixed(2)}, target ${r.target}: ${r.pass ? 'PASS' : 'FAIL'}\n`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
