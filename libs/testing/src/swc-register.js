// `node -r libs/testing/src/swc-register.js child.ts`: lets a test's child process run TypeScript
// sources, compiled by swc exactly as jest compiles them (decorators and their metadata included).
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const { aliases } = require('./ts-paths');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [alias, dir] of aliases) {
    if (request === alias || request.startsWith(alias + '/')) {
      request = dir + request.slice(alias.length);
      break;
    }
  }
  return resolveFilename.call(this, request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
