import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '@accord/platform';
import { Disagreement } from './disagreement.model';

@ObjectType({ description: "One disagreement's share of the debt: age in days × its layer's weight." })
export class DebtItem {
  @Field(() => Disagreement) disagreement!: Disagreement;
  @Field(() => Float) ageDays!: number;
  @Field(() => Int) weight!: number;
  @Field(() => Float) debt!: number;
}

@ObjectType({ description: "A firm's conflict debt as of an instant: open disagreements accrue, resolved ones are paid." })
export class ConflictDebt {
  @Field(() => ID) firmId!: string;
  @Field(() => DateTimeScalar) asOf!: string;
  @Field(() => Float) total!: number;
  @Field(() => Int) openCount!: number;
  @Field(() => Float, { nullable: true }) oldestOpenDays!: number | null;
  @Field(() => [DebtItem], { description: 'Open at asOf, highest debt first.' }) items!: DebtItem[];
  @Field(() => [DebtItem], { description: 'Resolved at or before asOf, with their final age.' }) paid!: DebtItem[];
}
