import type { Type } from '@nestjs/common';
import type { Projection } from '@accord/projections';

/**
 * The projections the API runs, as injectable classes: each feature adds its own here, and they
 * reach the runner through the `PROJECTIONS` token.
 */
export const PROJECTION_CLASSES: ReadonlyArray<Type<Projection>> = [];
