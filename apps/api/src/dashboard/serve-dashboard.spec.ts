import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDashboardFiles } from './dashboard-files';
import { serveDashboard } from './serve-dashboard';

/** The middleware on a bare HTTP server: what it does not answer gets a 418, so falling through shows. */
async function serving(dir: string | undefined): Promise<{ url: string; server: Server }> {
  const middleware = serveDashboard(dir ? loadDashboardFiles(dir) : undefined);
  const server = createServer((req, res) =>
    middleware(req, res, () => {
      res.writeHead(418);
      res.end('passed on');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('serveDashboard', () => {
  let dir: string;
  let url: string;
  let server: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Accord</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    ({ url, server } = await serving(dir));
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a page address with index.html and the page security headers', async () => {
    for (const path of ['/', '/decisions/d-1', '/checks']) {
      const response = await fetch(url + path, { headers: HTML });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Accord</title>');
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self';");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable and everything else as revalidated', async () => {
    const asset = await fetch(`${url}/assets/index-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${url}/sw.js`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 304 to a matching ETag and no body to HEAD', async () => {
    const first = await fetch(`${url}/assets/index-abc123.js`);
    const again = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const head = await fetch(`${url}/`, { method: 'HEAD', headers: HTML });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('passes on the API paths, other methods, unknown assets and non-HTML requests', async () => {
    expect((await fetch(`${url}/graphql`, { headers: HTML })).status).toBe(418);
    expect((await fetch(`${url}/graphql?query=%7B__typename%7D`, { headers: HTML })).status).toBe(418);
    expect((await fetch(`${url}/health`, { headers: HTML })).status).toBe(418);
    expect((await fetch(`${url}/`, { method: 'POST', headers: HTML })).status).toBe(418);
    expect((await fetch(`${url}/assets/gone.js`, { headers: HTML })).status).toBe(418);
    expect((await fetch(`${url}/decisions/d-1`, { headers: { accept: 'application/json' } })).status).toBe(418);
    // `/` itself is the page whatever the request accepts: the service worker caches it with a plain fetch.
    expect((await fetch(`${url}/`, { headers: { accept: '*/*' } })).status).toBe(200);
  });

  it('never reads a path outside the build', async () => {
    const response = await fetch(`${url}/assets/..%2F..%2Fetc%2Fpasswd`);
    expect(response.status).toBe(418);
  });

  describe('when the dashboard was not built', () => {
    it('says at / how to build it, and passes everything else on', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'accord-dashboard-none-'));
      const bare = await serving(empty);
      try {
        const response = await fetch(`${bare.url}/`, { headers: HTML });
        expect(response.status).toBe(503);
        expect(await response.text()).toContain('npm run build');
        expect((await fetch(`${bare.url}/checks`, { headers: HTML })).status).toBe(418);
      } finally {
        bare.server.close();
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });
});
