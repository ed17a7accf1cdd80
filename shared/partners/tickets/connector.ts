import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { defaultBreaker, e164Phone, turnRetry } from '../common.ts';

export const ticketsConnector = defineConnector({
  auth: { kind: 'basic' },
  retry: turnRetry,
  breaker: defaultBreaker,
  operations: {
    create: defineOperation({
      kind: 'rest',
      method: 'POST',
      input: z.object({
        subject: z.string().min(1).max(200),
        summary: z.string().min(1).max(10_000),
        priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
        requester: z
          .object({ name: z.string().optional(), phone: e164Phone.optional() })
          .optional(),
        channel: z.string().optional(),
        conversationId: z.string().optional(),
        tags: z.array(z.string()).optional(),
      }),
      path: () => 'tickets',
      body: (input) => input,
      response: z.object({ id: z.string(), status: z.string(), priority: z.string() }),
      timeoutMs: 2500,
    }),
  },
});
