// How jest and test child processes compile TypeScript: legacy decorators with their metadata
// (Nest's injection needs it), CommonJS output.
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
