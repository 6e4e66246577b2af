import { DomainError } from '@accord/domain';
import { callerScope, keyedRequest, parseIdempotencyKey, requestFingerprint } from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it.each(['a', 'a7d3c3a4-9c55-4c1f-9b3e-2f4f1b6a0e11', 'order 17 / retry ~ ok!', 'x'.repeat(255)])('accepts %j', (key) => {
    expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(256), /it has 256/],
    ['café', /other characters/],
    ['tab\there', /other characters/],
  ])('refuses %j with BAD_USER_INPUT', (key, why) => {
    const error = (() => {
      try {
        return parseIdempotencyKey(key);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(why) });
  });
});

describe('callerScope', () => {
  it('is anonymous without a token, and the same for the same token however it is written', () => {
    expect(callerScope(undefined)).toBe('anonymous');
    expect(callerScope('Bearer acc_one')).toBe(callerScope('bearer   acc_one '));
    expect(callerScope('Bearer acc_one')).not.toBe(callerScope('Bearer acc_two'));
    expect(callerScope('Bearer acc_one')).not.toContain('acc_one');
  });
});

describe('keyedRequest', () => {
  const body = { query: 'mutation($a: Int) { x(a: $a) }', operationName: null, variables: { a: 1, b: { c: 2, d: 3 } } };

  it('is the same for the same caller, key and request, whatever the order of the variables', () => {
    const reordered = { ...body, variables: { b: { d: 3, c: 2 }, a: 1 } };
    expect(keyedRequest('anonymous', 'k', reordered)).toEqual(keyedRequest('anonymous', 'k', body));
  });

  it('tells another caller, key or request apart', () => {
    const base = keyedRequest('anonymous', 'k', body);
    expect(keyedRequest('token:abc', 'k', body).keyHash).not.toBe(base.keyHash);
    expect(keyedRequest('anonymous', 'k2', body).keyHash).not.toBe(base.keyHash);
    const other = keyedRequest('anonymous', 'k', { ...body, variables: { a: 2 } });
    expect(other.keyHash).toBe(base.keyHash);
    expect(other.fingerprint).not.toBe(base.fingerprint);
    expect(other.seed).not.toBe(base.seed);
  });

  it('keeps nothing of the key itself', () => {
    const keyed = keyedRequest('anonymous', 'my-secret-key', body);
    expect(JSON.stringify({ ...keyed, responseKey: keyed.responseKey.toString('hex') })).not.toContain('my-secret-key');
    expect(keyed.responseKey.toString('hex')).not.toBe(keyed.keyHash);
  });

  it('treats a missing operation name and variables as null and {}', () => {
    expect(requestFingerprint({ query: 'q' })).toBe(requestFingerprint({ query: 'q', operationName: null, variables: {} }));
    expect(requestFingerprint({ query: 'q', operationName: 'A' })).not.toBe(requestFingerprint({ query: 'q' }));
  });
});
