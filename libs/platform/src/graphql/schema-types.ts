import { registerEnumType } from '@nestjs/graphql';
import { GraphQLScalarType, Kind } from 'graphql';
import { DomainError, DRIFT_KINDS, FIRM_KINDS, JUDGEMENTS, LAYERS, ROLES, VERDICTS } from '@accord/domain';

/** ISO-8601 instants: serialised from strings or Dates, parsed into ISO strings (UTC). */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant, e.g. 2026-11-24T09:30:00.000Z.',
  serialize: (value) => toIso(value),
  parseValue: (value) => toIso(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new DomainError('BAD_USER_INPUT', 'a DateTime is an ISO-8601 string');
    return toIso(ast.value);
  },
});

function toIso(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new DomainError('BAD_USER_INPUT', `not an ISO-8601 date-time: ${String(value)}`);
  return date.toISOString();
}

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RoleEnum = asEnum(ROLES);
export const FirmKindEnum = asEnum(FIRM_KINDS);
export const LayerEnum = asEnum(LAYERS);
export const JudgementEnum = asEnum(JUDGEMENTS);
export const VerdictEnum = asEnum(VERDICTS);
export const DriftKindEnum = asEnum(DRIFT_KINDS);
export const CheckStatusEnum = asEnum(['OPEN', 'REVEALED', 'CLOSED'] as const);
export const DisagreementStatusEnum = asEnum(['OPEN', 'DEFERRED', 'RESOLVED'] as const);
export const DecisionStatusEnum = asEnum(['PROPOSED', 'LOCKED', 'SUPERSEDED'] as const);

registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(FirmKindEnum, { name: 'FirmKind' });
registerEnumType(LayerEnum, { name: 'Layer' });
registerEnumType(JudgementEnum, { name: 'Judgement' });
registerEnumType(VerdictEnum, { name: 'Verdict' });
registerEnumType(DriftKindEnum, { name: 'DriftKind' });
registerEnumType(CheckStatusEnum, { name: 'CheckStatus' });
registerEnumType(DisagreementStatusEnum, { name: 'DisagreementStatus' });
registerEnumType(DecisionStatusEnum, { name: 'DecisionStatus' });
