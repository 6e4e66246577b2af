import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, DisagreementStatusEnum, LayerEnum } from '@accord/platform';
import type { Layer } from '@accord/domain';
import { Member } from '@accord/firms';
import type { DisagreementStatusValue } from './disagreements.queries';

@ObjectType({ description: "A member's side of a disagreement." })
export class Position {
  @Field(() => Member) member!: Member;
  @Field() text!: string;
}

@ObjectType({ description: 'A gap between partners, raised by hand or by a closed check; open until a locked decision resolves it.' })
export class Disagreement {
  @Field(() => ID) id!: string;
  @Field(() => ID) firmId!: string;
  @Field() topic!: string;
  @Field(() => LayerEnum) layer!: Layer;
  @Field(() => DisagreementStatusEnum) status!: DisagreementStatusValue;
  @Field(() => [Position], { description: "Each member's position, in the order given." })
  positions!: Position[];
  @Field(() => DateTimeScalar) raisedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) resolvedAt!: string | null;
  @Field(() => ID, { nullable: true, description: 'The check whose MISMATCH raised it.' }) checkId!: string | null;
  @Field(() => String, { nullable: true }) questionKey!: string | null;
  @Field(() => [String], { description: 'The reason of each deferral, oldest first.' }) deferrals!: string[];
  @Field(() => Float, { description: 'Days it has been open: until it was resolved, or until now.' })
  openDays!: number;
  /** The decision that resolved it (exposed as `resolvedBy` by the decisions feature). */
  resolvedByDecisionId!: string | null;
}
