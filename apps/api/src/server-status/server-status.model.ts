import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ProjectionStatusModel } from './projection-status.model';

@ObjectType()
export class ServerStatus {
  @Field(() => Int, { description: 'Position of the last event in the global log, 0 when empty.' })
  headPosition!: number;

  @Field(() => [ProjectionStatusModel])
  projections!: ProjectionStatusModel[];
}
