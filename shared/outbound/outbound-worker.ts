import { SwitchboardError } from '#shared/errors.ts';
import type { MessageWorker } from '#shared/workers/sqs-worker.ts';
import { type DispatchDeps, deliver, fanOut } from './dispatch.ts';
import { type OutboundMessage, outboundMessageSchema } from './messages.ts';
import type { OutboundQueue } from './outbound-queue.ts';

export class DeliveryPendingError extends SwitchboardError {
  override readonly name = 'DeliveryPendingError';
}

/**
 * What outbound-dispatcher does with a message from `outbound`: fans a new conversation event out
 * to its endpoints, or makes one delivery attempt. A delivery that must wait or go to the DLQ
 * fails its record, which keeps the message; its visibility decides when it comes back.
 */
export function outboundWorker(
  deps: DispatchDeps,
  queue: Pick<OutboundQueue, 'keepHidden'>,
): MessageWorker<OutboundMessage> {
  return {
    kind: 'outbound',
    schema: outboundMessageSchema,
    async process(message, { record, receiveCount, count }) {
      const outcome =
        'kind' in message
          ? await deliver(deps, message, { count: receiveCount })
          : await fanOut(deps, message);
      count(`Outbound_${outcome.action}`);
      if (outcome.action === 'done') return;
      await queue.keepHidden(
        record.receiptHandle,
        outcome.action === 'defer' ? outcome.seconds : 0,
      );
      throw new DeliveryPendingError(outcome.action);
    },
  };
}
