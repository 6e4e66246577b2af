import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AlignmentCheck, ChecksView } from '@accord/checks';
import { DecisionWhy } from './decision-why.model';

@Resolver(() => DecisionWhy)
export class DecisionWhyResolver {
  constructor(private readonly checksView: ChecksView) {}

  @ResolveField(() => [AlignmentCheck], { description: 'The distinct checks where the resolved positions were given.' })
  async checks(@Parent() why: DecisionWhy): Promise<AlignmentCheck[]> {
    // The disagreements are the decision's firm's, so are the checks; filter anyway.
    return (await this.checksView.checksByIds(why.checkIds)).filter((check) => check.firmId === why.firmId);
  }
}
