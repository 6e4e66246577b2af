import type { INestApplication } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** The parts of Express's response this file uses (the project has no @types/express). */
interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

/**
 * JSON bodies up to `maxBytes` (ACCORD_MAX_BODY_BYTES) and nothing else: the app is created with
 * Nest's own parsers off. A body the parser refuses is answered as a GraphQL error in JSON, never
 * Express's HTML error page (which shows a stack trace outside production): 413 with
 * PAYLOAD_TOO_LARGE when too large, 400 with BAD_REQUEST when not JSON. Call before `init()`, so
 * the parser runs before every route.
 */
export function limitRequestBodies(app: INestApplication, maxBytes: number): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: maxBytes });
  app.use(answeringParserErrors);
}

/** Body-parser errors carry `type` and a 4xx `status`; anything else goes on to the next handler. */
function answeringParserErrors(error: unknown, _req: unknown, res: JsonResponse, next: (error?: unknown) => void): void {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status > 499) return next(error);
  const tooLarge = status === 413;
  const message = tooLarge ? 'The request body is larger than this server accepts.' : 'The request body is not valid JSON in UTF-8.';
  res.status(status).json({ errors: [{ message, extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] });
}

/**
 * graphql-ws messages up to `maxBytes` too: `ws` closes a socket that sends a larger frame with 1009
 * (Message Too Big) before reading it, instead of its default of 100 MiB. Nest creates the
 * WebSocketServer inside its Apollo driver and exposes no option for this; call after `init()`.
 */
export function limitWebSocketMessages(app: INestApplication, maxBytes: number): void {
  const driver = app.get(GraphQLModule, { strict: false }).graphQlAdapter as unknown as { _subscriptionService?: { wss?: { options?: { maxPayload?: number } } } };
  const options = driver._subscriptionService?.wss?.options;
  // Fail loudly if a Nest upgrade moves the server, rather than silently accept 100 MiB messages.
  if (!options || typeof options.maxPayload !== 'number') throw new Error('limitWebSocketMessages: the graphql-ws WebSocketServer was not found in the GraphQL driver');
  options.maxPayload = maxBytes;
}
