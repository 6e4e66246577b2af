import { createHash } from 'node:crypto';

/**
 * A UUID (version 8, "custom") derived from the event that caused a reaction and what the reaction
 * is. A process manager that runs again after a restart or a rebuild mints the same ids, so the
 * store acknowledges instead of writing a second time.
 */
export function deterministicEventId(causationId: string, purpose: string): string {
  const hex = createHash('sha256').update(`${causationId}\n${purpose}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
