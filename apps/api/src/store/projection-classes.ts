import type { Type } from '@nestjs/common';
import type { Projection } from '@accord/projections';
import type { ProcessManager } from '@accord/platform';
import { FirmsProjection } from '@accord/firms';

/**
 * The projections the API runs, as injectable classes: each feature adds its own here, and they
 * reach the runner through the `PROJECTIONS` token.
 */
export const PROJECTION_CLASSES: ReadonlyArray<Type<Projection>> = [FirmsProjection];

/** The process managers (reactions that append), reaching the `ReactionRunner` through `PROCESS_MANAGERS`. */
export const PROCESS_MANAGER_CLASSES: ReadonlyArray<Type<ProcessManager>> = [];
