import type { FuzzRequest } from './fuzz-requests';

/** Every code an error may carry; INTERNAL_SERVER_ERROR is left out on purpose: it is a bug. */
export const ALLOWED_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'VAGUE_ANSWER',
  'CONFLICT',
  'INVALID_STATE',
  'TOO_MANY_REQUESTS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
]);

export type Outcome =
  | { kind: 'success'; result: unknown }
  | { kind: 'refused'; codes: string[] }
  | { kind: 'failure'; reason: string };

/** POSTs one fuzz request and judges the answer: JSON, with data or errors whose codes are all on the list. */
export async function sendFuzz(url: string, request: FuzzRequest): Promise<Outcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
  let status: number;
  let contentType: string;
  let text: string;
  try {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify(request.body) });
    status = response.status;
    contentType = response.headers.get('content-type') ?? '';
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'failure', reason: `no HTTP response (${String(error)}; ${cause?.code ?? ''} ${cause?.message ?? ''})` };
  }
  let body: { data?: Record<string, unknown> | null; errors?: Array<{ message?: string; extensions?: { code?: unknown } }> };
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'failure', reason: `HTTP ${status} ${contentType}, not JSON: ${shorten(text)}` };
  }
  if (!/application\/(graphql-response\+)?json/.test(contentType)) return { kind: 'failure', reason: `HTTP ${status} answered as ${contentType || 'no content type'}` };
  if (body.errors?.length) {
    const codes = body.errors.map((error) => String(error.extensions?.code));
    const bad = codes.filter((code) => !ALLOWED_CODES.has(code));
    if (bad.length > 0) return { kind: 'failure', reason: `HTTP ${status} codes ${bad.join(', ')}: ${shorten(body.errors.map((error) => error.message).join(' | '))}` };
    if (status === 413 && !codes.includes('PAYLOAD_TOO_LARGE')) return { kind: 'failure', reason: `HTTP 413 without PAYLOAD_TOO_LARGE: ${codes.join(', ')}` };
    return { kind: 'refused', codes };
  }
  const result = body.data?.[request.mutation];
  if (status !== 200 || result === undefined || result === null) return { kind: 'failure', reason: `HTTP ${status} with neither a result nor errors: ${shorten(text)}` };
  return { kind: 'success', result };
}

/** A value cut to a readable length, with control characters and lone surrogates made visible. */
export function shorten(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_key, item) => (typeof item === 'string' && item.length > 80 ? `${item.slice(0, 40)}…(${item.length} chars)` : item));
  const visible = JSON.stringify(text ?? '')
    .slice(1, -1)
    .replace(/[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length > max ? `${visible.slice(0, max)}…(${visible.length} chars)` : visible;
}
