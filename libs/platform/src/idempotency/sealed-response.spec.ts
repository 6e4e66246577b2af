import { randomBytes } from 'node:crypto';
import { isFinalOutcome } from './response-outcome';
import { openResponse, sealResponse } from './sealed-response';

describe('sealResponse', () => {
  const key = randomBytes(32);
  const response = { status: 200, body: '{"data":{"createFirm":{"token":"acc_secret"}}}' };

  it('opens with its key to the same response, and hides the token', () => {
    const sealed = sealResponse(response, key);
    expect(sealed).not.toContain('acc_secret');
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('acc_secret');
    expect(openResponse(sealed, key)).toEqual(response);
  });

  it('does not open with another key, or once altered', () => {
    const sealed = sealResponse(response, key);
    expect(() => openResponse(sealed, randomBytes(32))).toThrow();
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => openResponse(bytes.toString('base64'), key)).toThrow();
  });
});

describe('isFinalOutcome', () => {
  const withCodes = (...codes: unknown[]) => ({ errors: codes.map((code) => ({ message: 'm', extensions: { code } })) });

  it('is final for a success and for refusals the same request meets again', () => {
    expect(isFinalOutcome({})).toBe(true);
    expect(isFinalOutcome(withCodes('VAGUE_ANSWER', 'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'UNAUTHENTICATED'))).toBe(true);
  });

  it('is not final when any error may go another way next time', () => {
    expect(isFinalOutcome(withCodes('CONFLICT'))).toBe(false);
    expect(isFinalOutcome(withCodes('NOT_FOUND', 'INTERNAL_SERVER_ERROR'))).toBe(false);
    expect(isFinalOutcome(withCodes(undefined))).toBe(false);
  });
});
