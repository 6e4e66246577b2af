import { Field, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '@accord/platform';
import { Decision } from './decision.model';

@ObjectType({ description: "A question's aligned definition: the answer of the newest locked, not superseded decision defining it." })
export class AlignedDefinition {
  @Field() questionKey!: string;
  @Field() answer!: string;
  @Field() outcome!: string;
  @Field(() => Decision) decision!: Decision;
  @Field(() => DateTimeScalar) lockedAt!: string;
}
