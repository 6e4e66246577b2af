import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXPLORER_HTML } from './explorer.html';

/** Answers a browser's plain `GET /graphql` with the explorer; GET queries and everything else go on to Apollo. */
export function serveExplorer(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  const hasQuery = new URL(req.url ?? '/', 'http://localhost').searchParams.has('query');
  if (!wantsHtml || hasQuery) return next();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(EXPLORER_HTML);
}
