import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Verdict } from '@accord/domain';
import { CheckStatusEnum, DateTimeScalar, VerdictEnum } from '@accord/platform';
import type { CheckStatusValue } from './checks.queries';

/** An alignment check; participants, questions and answeredBy are resolved per caller (AlignmentCheckResolver). */
@ObjectType({ description: 'An alignment check (the "60-second test"): blind answers, reveal, judgements, score.' })
export class AlignmentCheck {
  @Field(() => ID) id!: string;
  @Field(() => ID) firmId!: string;
  @Field(() => CheckStatusEnum) status!: CheckStatusValue;
  @Field(() => DateTimeScalar) openedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) revealedAt!: string | null;
  @Field(() => Int, { nullable: true, description: 'MATCH questions, once closed.' }) score!: number | null;
  @Field(() => Int, { nullable: true, description: 'Number of questions scored, once closed.' }) outOf!: number | null;
  @Field(() => VerdictEnum, { nullable: true }) verdict!: Verdict | null;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt!: string | null;
  /** Not a field: the participants' ids, in order, for the field resolvers. */
  participantIds!: string[];
}
