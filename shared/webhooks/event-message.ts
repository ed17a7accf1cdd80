import * as z from 'zod';

/**
 * A verified partner event on the `events` queue: the contract between `webhook-receiver` and
 * `event-worker`. The payload is the body already validated against the event type's schema.
 */
export const eventMessageSchema = z.object({
  partner: z.string().min(1).max(50),
  eventId: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  payload: z.unknown(),
  receivedAt: z.iso.datetime(),
  correlationId: z.string().min(1).max(200),
});

export type EventMessage = z.infer<typeof eventMessageSchema>;
