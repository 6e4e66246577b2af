import { DomainError, type Decider, type DomainEvent } from '@accord/domain';

/** A tiny decider for testing the write path: counts up to a limit. */
export type Counted = DomainEvent<'Counted', { by: number }>;
export type Count = { type: 'Count'; by: number };

export const counterDecider: Decider<Count, Counted, { total: number }> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.by }),
  decide: (command, state) => {
    if (state.total + command.by > 100) throw new DomainError('INVALID_STATE', 'over the limit');
    return command.by === 0 ? [] : [{ type: 'Counted', data: { by: command.by } }];
  },
};
