import * as z from 'zod';

/** A conversation event as producers put it on `outbound` (ended, handoff, booked, …). */
export const conversationEventSchema = z.object({
  /** Stable per event: it becomes the `webhook-id` every retry repeats. */
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  occurredAt: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type ConversationEvent = z.infer<typeof conversationEventSchema>;

/** One event for one endpoint, with its retry state; re-queued between attempts. */
export const deliverySchema = z.object({
  kind: z.literal('delivery'),
  event: conversationEventSchema,
  endpoint: z.string().min(1),
  /** 0 for the first try. */
  attempt: z.number().int().min(0),
  /** Epoch ms before which no attempt is made (waits longer than SQS's 15 min delay). */
  notBefore: z.number().int().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const outboundMessageSchema = z.union([deliverySchema, conversationEventSchema]);
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
