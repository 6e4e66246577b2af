// Jest global setup: finds out once whether the PostgreSQL and Redis that the adapter tests need are
// reachable, and tells the specs through the environment (ACCORD_TEST_PG / ACCORD_TEST_REDIS =
// up|down). Under CI=true a missing service fails the run here, before any test: in CI those tests
// must run, not skip. On a laptop without them they skip, and this prints why, once.
const net = require('node:net');

const PG_URL = process.env.ACCORD_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.ACCORD_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

async function probePostgres() {
  const { Client } = require('pg');
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error.message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function probeRedis() {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (problem) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(3000, () => done('timed out'));
    socket.on('error', (error) => done(error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') ? null : `unexpected reply ${data.toString().trim()}`));
  });
}

/** The CLI tests run the real `bin/accord.js`, which runs dist/: build it once here, not inside a test's timeout. */
function buildDist() {
  const { spawnSync } = require('node:child_process');
  const path = require('node:path');
  const result = spawnSync(process.execPath, [path.join(__dirname, '../../../scripts/build-if-needed.js')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

module.exports = async function globalSetup() {
  buildDist();
  const inCi = process.env.CI === 'true';
  const services = [
    ['PostgreSQL', 'ACCORD_TEST_PG', 'ACCORD_TEST_PG_URL', PG_URL, await probePostgres()],
    ['Redis', 'ACCORD_TEST_REDIS', 'ACCORD_TEST_REDIS_URL', REDIS_URL, await probeRedis()],
  ];
  const missing = [];
  for (const [name, flag, urlVariable, url, problem] of services) {
    process.env[urlVariable] = url;
    process.env[flag] = problem ? 'down' : 'up';
    if (problem) missing.push(`${name} at ${url} is not reachable (${problem})`);
  }
  // The dashboard's browser tests drive Debian's Chromium (`apt-get install chromium`; .ci/run installs it).
  const chromium = process.env.ACCORD_TEST_CHROMIUM || '/usr/bin/chromium';
  process.env.ACCORD_TEST_CHROMIUM = chromium;
  const chromiumProblem = require('node:fs').existsSync(chromium) ? null : `${chromium} does not exist (apt-get install chromium)`;
  process.env.ACCORD_TEST_BROWSER = chromiumProblem ? 'down' : 'up';
  if (chromiumProblem) missing.push(`Chromium for the dashboard's browser tests: ${chromiumProblem}`);
  if (!process.env.ACCORD_TEST_ESDB_URL) {
    console.warn('\n[accord] EventStoreDB contract suite NOT RUN: ACCORD_TEST_ESDB_URL is not set and no EventStoreDB server runs here (jest.config.js leaves the file out).');
  }
  if (missing.length === 0) return;
  if (inCi) throw new Error(`CI=true: ${missing.join('; ')}. These tests must run in CI; start the service or fix ${services.map((s) => s[2]).join('/')}.`);
  for (const line of missing) console.warn(`\n[accord] ${line}: its tests are SKIPPED. Start it (see README) or set the URL variable to run them.`);
};
