import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

/** One built file of the dashboard, held in memory: the whole build is a few hundred KB. */
export interface DashboardFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Hashed names under /assets/ never change, so browsers may keep them for a year. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The built dashboard (`npm run build` writes it to dist/dashboard), by URL path. Only these paths are
 * ever served, so no request path reaches the file system. Undefined when the dashboard was not built.
 */
export function loadDashboardFiles(dir: string): Map<string, DashboardFile> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, DashboardFile>();
  for (const full of walk(dir)) {
    const urlPath = '/' + relative(dir, full).split(sep).join('/');
    const body = readFileSync(full);
    files.set(urlPath, {
      body,
      contentType: CONTENT_TYPES[extname(full)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      immutable: urlPath.startsWith('/assets/'),
    });
  }
  return files;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** dist/dashboard of the checkout or image this code runs from: the nearest folder above holding package.json. */
export function defaultDashboardDir(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) return resolve('dist/dashboard');
    dir = parent;
  }
  return join(dir, 'dist', 'dashboard');
}
