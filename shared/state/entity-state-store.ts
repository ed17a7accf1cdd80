import type { EntityWrite, StateStore } from '#shared/events/apply.ts';
import { putUnlessOlder, type StateTable } from './table-access.ts';
import { entityStateKey } from './table-design.ts';

/** The newest applied state of each partner entity (an order, a payment, an appointment). */
export function entityStateStore(table: StateTable): Pick<StateStore, 'putEntityIfNewer'> {
  return {
    putEntityIfNewer: (write: EntityWrite) =>
      putUnlessOlder(table, {
        ...entityStateKey(write.key),
        version: write.version,
        eventId: write.eventId,
        state: write.state,
        expiresAt: write.expiresAt,
      }),
  };
}
