#!/usr/bin/env node
// `accord` (package.json "bin"; `npx accord --help` in a checkout): builds dist/ first when it is
// missing or stale, quietly, so the CLI never runs old code, then hands over to apps/cli.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.stderr.write('accord: the build failed\n');
  process.exit(3);
}
const { main } = require(path.join(root, 'dist/apps/cli/src/main.js'));
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
