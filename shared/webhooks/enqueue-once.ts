import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { EventMessage } from './event-message.ts';
import type { EnqueueOutcome } from './receive.ts';

/** Covers the longest partner retry horizon we accept (Stripe retries for 3 days). */
export const receiverDedupeSeconds = 4 * 24 * 3600;

/** Idempotency key prefix: independent of the deployed function name, so renames keep dedupe. */
export const receiverKeyPrefix = 'webhook-receiver.enqueue';

/**
 * Wraps the queue write with Powertools idempotency keyed on partner + event id. The record is
 * taken before the send and deleted by Powertools when the send throws, so a failed enqueue is
 * retried by the partner instead of being swallowed as a "duplicate".
 */
export function makeEnqueueOnce(options: {
  readonly send: (message: EventMessage) => Promise<void>;
  readonly persistenceStore: BasePersistenceLayer;
  readonly expiresAfterSeconds?: number;
}): { enqueueOnce: (message: EventMessage) => Promise<EnqueueOutcome>; config: IdempotencyConfig } {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[partner, eventId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? receiverDedupeSeconds,
    // Called only when a completed record is replayed: that is what a duplicate is.
    responseHook: (response) => ({ ...(response as object), duplicate: true }),
  });
  const sendOnce = makeIdempotent(
    async (message: EventMessage) => {
      await options.send(message);
      return { duplicate: false };
    },
    { persistenceStore: options.persistenceStore, config, keyPrefix: receiverKeyPrefix },
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
