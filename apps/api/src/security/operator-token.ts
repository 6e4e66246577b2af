import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a presented bearer token is the operator's. Both sides are hashed first, so the comparison
 * takes the same time whatever the presented token's length or content.
 */
export function operatorTokenMatcher(operatorToken: string | undefined): ((token: string) => boolean) | undefined {
  if (operatorToken === undefined) return undefined;
  const expected = sha256(operatorToken);
  return (token) => timingSafeEqual(sha256(token), expected);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
