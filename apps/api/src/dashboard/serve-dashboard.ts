import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DashboardFile } from './dashboard-files';

/**
 * The page's own origin for everything: scripts, styles, GraphQL over HTTP and WebSocket. No CDN, no
 * inline script; React sets styles through the DOM, which `style-src 'self'` allows.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // 'self' covers the page's own ws:/wss: origin (CSP level 3), so a stolen token has no socket to leave by.
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Paths the API answers itself; the dashboard never shadows them. */
const API_PATHS = /^\/(graphql|health)(\/|$|\?)/;

type Next = () => void;

/**
 * Serves the dashboard at `/`: its built files by exact path, and index.html for any other page
 * address a browser asks for (`/decisions/…`), since the page routes on the client. Requests that do
 * not want HTML fall through to Nest's 404. Without a build, `/` says how to make one.
 */
export function serveDashboard(files: Map<string, DashboardFile> | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = (req.url ?? '/').split('?')[0];
    if (API_PATHS.test(path)) return next();
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (!files) {
      if (path !== '/' || !wantsHtml) return next();
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('The dashboard is not built. Run `npm run build` (or `npm start`, which builds when needed).\n');
      return;
    }
    // `/` is always the page (the service worker fetches it without asking for HTML); other unknown
    // paths are the page's own routes only when a browser navigates to them.
    const file = files.get(path === '/' ? '/index.html' : path) ?? (wantsHtml && !path.startsWith('/assets/') ? files.get('/index.html') : undefined);
    if (!file) return next();
    send(req, res, file);
  };
}

function send(req: IncomingMessage, res: ServerResponse, file: DashboardFile): void {
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    etag: file.etag,
    // index.html and sw.js are revalidated on every load, so a new build reaches browsers at once.
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(file.contentType.startsWith('text/html') ? PAGE_HEADERS : { 'x-content-type-options': 'nosniff' }),
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': String(file.body.length) });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
