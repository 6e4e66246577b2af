import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'acc_';

/** A new bearer token: 32 random bytes, base64url, with a prefix that makes a leaked one easy to spot. */
export function mintToken(): { token: string; tokenHash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** Only this sha-256 (hex) is stored; the token itself is shown once and then forgotten. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of an `Authorization: Bearer <token>` value, or null when it has another shape. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  return match ? match[1] : null;
}
