// `node -r libs/testing/src/swc-register.js child.ts`: lets a test's child process run TypeScript
// sources compiled exactly as jest compiles them, so such tests need no build step and can never
// run a stale dist/. `@accord/<lib>` resolves as in tsconfig.json.
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');
const { aliases } = require('./ts-paths');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAccordAlias(request, ...rest) {
  for (const [alias, dir] of aliases) {
    if (request === alias || request.startsWith(alias + '/')) {
      request = dir + request.slice(alias.length);
      break;
    }
  }
  return resolveFilename.call(this, request, ...rest);
};

function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
}

// Node tries extensions in the order of this object's keys. Put `.ts` right after `.js`, so `./x`
// finds x.ts before an x.json beside it, as TypeScript itself resolves it.
const extensions = { ...Module._extensions };
for (const key of Object.keys(Module._extensions)) delete Module._extensions[key];
for (const [key, load] of Object.entries(extensions)) {
  Module._extensions[key] = load;
  if (key === '.js') Module._extensions['.ts'] = compileTypeScript;
}

process.setSourceMapsEnabled(true);
