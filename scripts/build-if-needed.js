#!/usr/bin/env node
// `prestart`: runs `npm run build` when dist/ is missing or older than a source, so `npm start` never
// serves stale code. The time of the last build is a stamp this script writes (falling back to main.js):
// tsc's incremental build leaves unchanged outputs alone, so output times alone would rebuild forever
// after a mere `touch`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist/apps/api/src/main.js');
const stamp = path.join(root, 'dist/.build-if-needed.stamp');
const dashboard = path.join(root, 'dist/dashboard/index.html');

const BUILT = /\.(ts|tsx|mts|css|html|svg|js|webmanifest)$/;

/** Sources under `dir` (.ts, and the dashboard's .tsx, .css, .html and public files), except specs and declarations. */
function* sources(dir) {
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) {
      if (item.name !== 'node_modules') yield* sources(full);
    } else if (BUILT.test(item.name) && !item.name.endsWith('.spec.ts') && !item.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

function newerSource(builtAt) {
  for (const top of ['apps', 'libs']) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const source of sources(dir)) if (fs.statSync(source).mtimeMs > builtAt) return path.relative(root, source);
  }
  return undefined;
}

function reasonToBuild() {
  if (!fs.existsSync(entry)) return `${path.relative(root, entry)} is missing`;
  if (!fs.existsSync(dashboard)) return `${path.relative(root, dashboard)} is missing`;
  const builtAt = fs.statSync(fs.existsSync(stamp) ? stamp : entry).mtimeMs;
  const source = newerSource(builtAt);
  return source && `${source} is newer than the build`;
}

const reason = reasonToBuild();
if (!reason) {
  console.log('build-if-needed: dist/ is up to date');
  process.exit(0);
}
console.log(`build-if-needed: ${reason}; running npm run build`);
const startedAt = new Date();
const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// Stamp the time the build started: a source saved during the build is still newer than it.
fs.writeFileSync(stamp, '');
fs.utimesSync(stamp, startedAt, startedAt);
