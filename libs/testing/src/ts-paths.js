// The `@accord/*` path aliases of tsconfig.json, shared by jest and the child-process TS hook.
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '../../..');
const { paths } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions;

/** [alias, absolute directory] for every `@accord/<lib>` entry. */
const aliases = Object.entries(paths)
  .filter(([alias]) => !alias.endsWith('/*'))
  .map(([alias, [target]]) => [alias, path.join(root, target)]);

module.exports = { root, aliases };
