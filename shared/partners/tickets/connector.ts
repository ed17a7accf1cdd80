import * as z from 'zod';
import { defineOperation, definePartner } from '#shared/connectors/types.ts';
import { partnerApiSecret } from '#shared/partners/secret-names.ts';
import { defaultBreaker, e164Phone, turnRetry } from '../common.ts';

export const ticketsPartner = definePartner({
  name: 'tickets',
  protocol: 'rest',
  auth: { kind: 'basic' },
  secretName: partnerApiSecret('tickets'),
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
