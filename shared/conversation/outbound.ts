/**
 * Where the engine puts conversation events: the `outbound` queue, fanned out to partner
 * webhooks by `outbound-dispatcher`. Event ids are stable, so a re-sent event is recognised
 * downstream (it becomes the `webhook-id`).
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ConversationEvent } from '#shared/outbound/messages.ts';

export interface OutboundPort {
  send(events: readonly ConversationEvent[]): Promise<void>;
}

/** SQS's batch limit. */
const batchSize = 10;

export function sqsOutbound(sqs: SQSClient, queueUrl: string): OutboundPort {
  return {
    async send(events) {
      for (let start = 0; start < events.length; start += batchSize) {
        const batch = events.slice(start, start + batchSize);
        const { Failed = [] } = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((event, index) => ({
              Id: `e${index}`,
              MessageBody: JSON.stringify(event),
            })),
          }),
        );
        // A partial failure fails the turn's save too, so a retried turn sends them again.
        if (Failed.length > 0) {
          throw new Error(`outbound: ${Failed.length} of ${batch.length} events not queued`);
        }
      }
    },
  };
}
