import type { CommandMeta } from '../shared/command-meta';
import type { Layer } from '../shared/vocabulary';
import type { Position } from './events';

export type RaiseDisagreement = CommandMeta & {
  type: 'RaiseDisagreement';
  disagreementId: string;
  firmId: string;
  topic: string;
  layer: Layer;
  positions: Position[];
  /** Active member ids of the firm, to check the positions against. */
  memberIds: readonly string[];
  checkId?: string;
  questionKey?: string;
};
export type DeferDisagreement = CommandMeta & { type: 'DeferDisagreement'; reason: string };
export type ResolveDisagreement = CommandMeta & { type: 'ResolveDisagreement'; decisionId: string };

export type DisagreementCommand = RaiseDisagreement | DeferDisagreement | ResolveDisagreement;
