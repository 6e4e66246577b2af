import { DomainError } from '@accord/domain';

/**
 * For a retried createFirm or addMember whose first attempt recorded the member but never delivered its
 * reply: the reply was the only place the token was shown, and only its hash is kept, so it cannot be
 * shown again. Answering with a new token would hand out one that does not work.
 */
export function lostTokenReply(what: string, remedy: string, details: Record<string, unknown>): DomainError {
  return new DomainError(
    'CONFLICT',
    `an earlier attempt of this request (same Idempotency-Key) ${what}, but its reply, the only place the token is shown, was lost; the token cannot be shown again: ${remedy}`,
    { ...details, reason: 'TOKEN_REPLY_LOST' },
  );
}
