import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Verdict } from '@accord/domain';
import { DateTimeScalar, VerdictEnum } from '@accord/platform';

@ObjectType({ description: 'The score of a closed check: one point of the alignment history.' })
export class CheckScore {
  @Field(() => ID) checkId!: string;
  @Field(() => DateTimeScalar) closedAt!: string;
  @Field(() => Int) score!: number;
  @Field(() => Int) outOf!: number;
  @Field(() => VerdictEnum) verdict!: Verdict;
  @Field(() => [String], { description: 'Question keys judged MISMATCH, in question order.' }) mismatched!: string[];
}
