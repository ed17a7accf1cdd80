import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { defaultBreaker, e164Phone, segment, turnRetry } from '../common.ts';

const paymentLinkSchema = z.object({
  id: z.string(),
  url: z.string(),
  status: z.enum(['active', 'paid', 'expired']),
  amount: z.number().int(),
  currency: z.string(),
  expiresAt: z.string(),
});

export const paymentsConnector = defineConnector({
  auth: { kind: 'hmac-signed' },
  retry: turnRetry,
  breaker: defaultBreaker,
  operations: {
    /** Not retried: the partner offers no idempotency key, so a repeat could make a second link. */
    createPaymentLink: defineOperation({
      kind: 'rest',
      method: 'POST',
      input: z.object({
        amount: z.number().int().positive(),
        currency: z.string().regex(/^[A-Z]{3}$/),
        description: z.string().min(1).max(200),
        orderNumber: z.string().optional(),
        customerPhone: e164Phone.optional(),
      }),
      path: () => 'payment-links',
      body: (input) => input,
      response: paymentLinkSchema,
      timeoutMs: 2000,
    }),
    getPaymentLink: defineOperation({
      kind: 'rest',
      method: 'GET',
      input: z.object({ id: z.string().min(1) }),
      path: ({ id }) => `payment-links/${segment(id)}`,
      response: paymentLinkSchema,
      timeoutMs: 1500,
    }),
  },
});
