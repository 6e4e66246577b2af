import type { Type } from '@nestjs/common';
import type { Projection } from '@accord/projections';
import type { ProcessManager } from '@accord/platform';
import { FirmsProjection } from '@accord/firms';
import { DriftOnCloseProcess, DriftProjection } from '@accord/drift';
import { AuditProjection } from '@accord/audit';
import { ChecksProjection, RevealWhenAnsweredProcess } from '@accord/checks';
import { DisagreementsProjection, RaiseOnCloseProcess } from '@accord/disagreements';
import { DecisionLockedProcess, DecisionsProjection, LockOnPartnerChangeProcess } from '@accord/decisions';

/**
 * The projections the API runs, as injectable classes (instantiated by the store module): each feature
 * adds its own here, and they
 * reach the runner through the `PROJECTIONS` token.
 */
export const PROJECTION_CLASSES: ReadonlyArray<Type<Projection>> = [FirmsProjection, ChecksProjection, DriftProjection, AuditProjection, DisagreementsProjection, DecisionsProjection];

/** The process managers (reactions that append), reaching the `ReactionRunner` through `PROCESS_MANAGERS`. */
export const PROCESS_MANAGER_CLASSES: ReadonlyArray<Type<ProcessManager>> = [RevealWhenAnsweredProcess, DriftOnCloseProcess, RaiseOnCloseProcess, DecisionLockedProcess, LockOnPartnerChangeProcess];
