import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { idempotencyScopes } from '#shared/state/table-design.ts';
import type { EventMessage } from './event-message.ts';
import type { EnqueueOutcome } from './receive.ts';

/**
 * Wraps the queue write with Powertools idempotency keyed on partner + event id. The record is
 * taken before the send and deleted by Powertools when the send throws, so a failed enqueue is
 * retried by the partner instead of being swallowed as a "duplicate".
 */
export function makeEnqueueOnce(options: {
  readonly send: (message: EventMessage) => Promise<void>;
  readonly persistenceStore: BasePersistenceLayer;
}): { enqueueOnce: (message: EventMessage) => Promise<EnqueueOutcome>; config: IdempotencyConfig } {
  const { keyPrefix, retentionSeconds } = idempotencyScopes.webhookEnqueue;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[partner, eventId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: retentionSeconds,
    // Called only when a completed record is replayed: that is what a duplicate is.
    responseHook: (response) => ({ ...(response as object), duplicate: true }),
  });
  const sendOnce = makeIdempotent(
    async (message: EventMessage) => {
      await options.send(message);
      return { duplicate: false };
    },
    { persistenceStore: options.persistenceStore, config, keyPrefix },
  );
  return {
    config,
    async enqueueOnce(message) {
      try {
        const result = (await sendOnce(message)) as { duplicate?: boolean };
        return result.duplicate ? 'duplicate' : 'queued';
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) return 'in-progress';
        throw error;
      }
    },
  };
}
