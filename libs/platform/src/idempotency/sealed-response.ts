import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A complete GraphQL response as it went out: HTTP status and the JSON of the result. */
export interface StoredResponse {
  status: number;
  /** JSON of `{ errors?, data?, extensions? }`, the result as Apollo sent it. */
  body: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a response (AES-256-GCM) for the read store. A response may hold a member's token, which
 * is shown once and otherwise kept only as a hash; sealed with a key derived from the Idempotency-Key,
 * it can be opened only by a retry that presents that key again.
 */
export function sealResponse(response: StoredResponse, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

/** The response {@link sealResponse} sealed; throws when `key` is not the one it was sealed with, or the text was altered. */
export function openResponse(sealed: string, key: Buffer): StoredResponse {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as StoredResponse;
}
