import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** GraphQL names for the runner's projection states; the values are the runner's own strings. */
export enum ProjectionStateModel {
  STARTING = 'starting',
  CATCHING_UP = 'catching-up',
  LIVE = 'live',
  FAILING = 'failing',
  STOPPED = 'stopped',
  REBUILDING = 'rebuilding',
}

registerEnumType(ProjectionStateModel, { name: 'ProjectionState' });

@ObjectType('ProjectionStatus')
export class ProjectionStatusModel {
  @Field()
  name!: string;

  @Field(() => ProjectionStateModel)
  state!: ProjectionStateModel;

  @Field(() => Int, { description: 'Last global position applied (0: none).' })
  checkpoint!: number;
}
