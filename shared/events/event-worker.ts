import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { idempotencyScopes } from '#shared/state/table-design.ts';
import { type EventMessage, eventMessageSchema } from '#shared/webhooks/event-message.ts';
import type { MessageWorker } from '#shared/workers/sqs-worker.ts';
import { type ApplyDeps, type ApplyResult, applyEvent } from './apply.ts';

/**
 * What event-worker does with a verified partner event from `events`: applies it once per partner
 * event id, however often SQS delivers it.
 */
export function eventWorker(
  deps: ApplyDeps,
  persistenceStore: BasePersistenceLayer,
): MessageWorker<EventMessage> {
  const { keyPrefix, retentionSeconds } = idempotencyScopes.applyEvent;
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: '[partner, eventId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: retentionSeconds,
    // Called only when a completed record answers instead of the function: a redelivery.
    responseHook: (response) => ({ ...(response as object), replayed: true }),
  });
  const applyOnce = makeIdempotent((message: EventMessage) => applyEvent(deps, message), {
    persistenceStore,
    config: idempotency,
    keyPrefix,
  });
  return {
    kind: 'event',
    schema: eventMessageSchema,
    correlationId: (message) => message.correlationId,
    idempotency,
    async process(message, { log, count }) {
      const fields = { partner: message.partner, eventId: message.eventId, type: message.type };
      try {
        const { replayed, ...result } = (await applyOnce(message)) as ApplyResult & {
          replayed?: boolean;
        };
        if (replayed) {
          log.info('event already applied; redelivery ignored', fields);
          count('EventReplayed');
          return;
        }
        log.info('event applied', { ...fields, ...result });
        count(result.entity === 'stale' ? 'EventStale' : 'EventApplied');
      } catch (error) {
        log.warn('event not applied', { ...fields, error: (error as Error).name });
        throw error;
      }
    },
  };
}
