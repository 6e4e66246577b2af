import type { CommandMeta } from '../shared/command-meta';
import type { CheckClosed } from '../check/events';

/** Record the drift a closed check shows (SCORE_DROP, DEFINITION_DRIFT). */
export type RecordCheckDrift = CommandMeta & { type: 'RecordCheckDrift'; closed: CheckClosed['data'] };
/** Record that the firm's check due at `dueAt` was missed (CHECK_OVERDUE). */
export type RecordOverdue = CommandMeta & { type: 'RecordOverdue'; firmId: string; dueAt: string };

export type DriftCommand = RecordCheckDrift | RecordOverdue;
