import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, DriftKindEnum } from '@accord/platform';
import type { DriftKind } from '@accord/domain';

@ObjectType('DriftEvent', { description: 'A drift the firm showed: a score drop, a definition drift or a missed check.' })
export class DriftEventModel {
  @Field(() => ID, { description: 'The id of the DriftDetected event.' }) id!: string;
  @Field(() => ID) firmId!: string;
  @Field(() => DriftKindEnum) kind!: DriftKind;
  @Field(() => DateTimeScalar) detectedAt!: string;
  @Field(() => ID, { nullable: true }) checkId!: string | null;
  @Field(() => String, { nullable: true }) questionKey!: string | null;
  @Field(() => ID, { nullable: true, description: 'For DEFINITION_DRIFT: the decision whose definition was missed.' })
  decisionId!: string | null;
  @Field(() => Int, { nullable: true }) previousScore!: number | null;
  @Field(() => Int, { nullable: true }) score!: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'For CHECK_OVERDUE: the due date that passed.' })
  dueAt!: string | null;
  @Field(() => Int, { description: 'Global position of the event in the log.' }) position!: number;
}
