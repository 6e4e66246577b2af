import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The dashboard builds into dist/dashboard (package.json runs it with NODE_ENV=production: jest's global
// setup builds too, and its NODE_ENV=test would otherwise ship React's development build), which the API serves at `/` (apps/api/src/dashboard).
// `npm run dashboard:dev` serves it with hot reload and sends /graphql to a local API on :4000.
export default defineConfig({
  root: here,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Charts are the bulk of the page; one chunk for them keeps the app's own code small to re-download.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // react-router marks its modules "use client" for server components; a plain SPA has none.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // Vite 8 compiles JSX itself (oxc); @vitejs/plugin-react only adds fast refresh in development.
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
});
