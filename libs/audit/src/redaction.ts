/** Event types whose payload carries a sealed answer text. */
const ANSWER_TYPES = new Set(['AnswerSubmitted', 'AnswerRevised']);
/** Event types whose payload carries a member's token hash. */
const TOKEN_TYPES = new Set(['FirmFounded', 'MemberJoined', 'MemberTokenRotated']);

/** Sealed answers name the check of the answer, so a reader can tell when they unseal. */
export function answerCheckId(type: string, data: unknown): string | null {
  if (!ANSWER_TYPES.has(type) || !isObject(data) || typeof data.checkId !== 'string') return null;
  return data.checkId;
}

/**
 * The payload of an event as the audit log and the live feed show it. An answer of a check not yet
 * revealed shows who answered which question, never its text or vague terms; a member's token hash
 * is never shown. Everything else is shown as recorded.
 */
export function shownData(type: string, data: unknown, revealed: boolean): unknown {
  if (!isObject(data)) return data;
  switch (type) {
    case 'AnswerSubmitted':
    case 'AnswerRevised':
      return revealed ? data : { checkId: data.checkId, questionKey: data.questionKey, memberId: data.memberId, sealed: true };
    case 'FirmFounded':
      return isObject(data.founder) ? { ...data, founder: withoutTokenHash(data.founder) } : data;
    case 'MemberJoined':
    case 'MemberTokenRotated':
      return withoutTokenHash(data);
    default:
      return data;
  }
}

/** {@link shownData} over JSON text; the text is returned untouched when nothing is hidden. */
export function shownJson(type: string, json: string, revealed: boolean): string {
  if (!needsRedaction(type, revealed)) return json;
  return JSON.stringify(shownData(type, JSON.parse(json), revealed));
}

function needsRedaction(type: string, revealed: boolean): boolean {
  return TOKEN_TYPES.has(type) || (ANSWER_TYPES.has(type) && !revealed);
}

function withoutTokenHash(value: Record<string, unknown>): Record<string, unknown> {
  const { tokenHash: _hidden, ...rest } = value;
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
