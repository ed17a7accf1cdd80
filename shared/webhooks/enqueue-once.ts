import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { idempotencyScopes } from '#shared/state/table-design.ts';
import type { EventMessage } from './event-message.ts';
import type { EnqueueOutcome } from './receive.ts';

/** The queue write once per partner event id and, when given, once per verified body. */
export type EnqueueOnce = (
  message: EventMessage,
  options?: { readonly contentHash?: string },
) => Promise<EnqueueOutcome>;

/** Called only when a completed record is replayed: that is what a duplicate is. */
const markDuplicate = (response: unknown) => ({ ...(response as object), duplicate: true });

/**
 * Wraps the queue write with Powertools idempotency keyed on partner + event id and, for
 * schemes that sign neither, partner + a hash of the verified body. Each record is taken before
 * the send and deleted by Powertools when the send throws, so a failed enqueue is retried by the
 * partner instead of being swallowed as a "duplicate".
 */
export function makeEnqueueOnce(options: {
  readonly send: (message: EventMessage) => Promise<void>;
  /** One per dedupe: a Powertools persistence layer holds its own key configuration. */
  readonly persistenceStore: () => BasePersistenceLayer;
}): { enqueueOnce: EnqueueOnce; configs: readonly IdempotencyConfig[] } {
  const byId = idempotencyScopes.webhookEnqueue;
  const idConfig = new IdempotencyConfig({
    eventKeyJmesPath: '[partner, eventId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: byId.retentionSeconds,
    responseHook: markDuplicate,
  });
  const sendOnce = makeIdempotent(
    async (message: EventMessage) => {
      await options.send(message);
      return { duplicate: false };
    },
    { persistenceStore: options.persistenceStore(), config: idConfig, keyPrefix: byId.keyPrefix },
  );
  const byContent = idempotencyScopes.webhookContent;
  const contentConfig = new IdempotencyConfig({
    eventKeyJmesPath: '[message.partner, contentHash]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: byContent.retentionSeconds,
    responseHook: markDuplicate,
  });
  const sendContentOnce = makeIdempotent(
    (delivery: { message: EventMessage; contentHash: string }) => sendOnce(delivery.message),
    {
      persistenceStore: options.persistenceStore(),
      config: contentConfig,
      keyPrefix: byContent.keyPrefix,
    },
  );
  return {
    configs: [idConfig, contentConfig],
    async enqueueOnce(message, { contentHash } = {}) {
      try {
        const result = (await (contentHash === undefined
          ? sendOnce(message)
          : sendContentOnce({ message, contentHash }))) as { duplicate?: boolean };
        return result.duplicate ? 'duplicate' : 'queued';
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) return 'in-progress';
        throw error;
      }
    },
  };
}
