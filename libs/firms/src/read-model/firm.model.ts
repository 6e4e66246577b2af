import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, FirmKindEnum } from '@accord/platform';
import type { FirmKind } from '@accord/domain';

@ObjectType()
export class CheckQuestionTemplate {
  @Field() key!: string;
  @Field() prompt!: string;
}

@ObjectType()
export class Firm {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => FirmKindEnum) kind!: FirmKind;
  @Field(() => Int, { description: 'Days between alignment checks before the firm is overdue (default 90).' })
  cadenceDays!: number;
  @Field(() => DateTimeScalar, { nullable: true }) lastCheckClosedAt!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Last closed check (or founding) plus the cadence.' })
  nextCheckDue!: string | null;
  @Field({ description: 'True when nextCheckDue has passed.' }) overdue!: boolean;
  @Field(() => [CheckQuestionTemplate], { description: 'The questions a new check asks by default.' })
  questions!: CheckQuestionTemplate[];
  @Field(() => [String], { description: "The firm's own abstract words, refused in answers besides the shared list." })
  vagueWords!: string[];
  @Field(() => DateTimeScalar) foundedAt!: string;
}
