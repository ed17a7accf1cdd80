import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { defaultBreaker, e164Phone, turnRetry } from '../common.ts';

export const smsConnector = defineConnector({
  auth: { kind: 'bearer' },
  retry: turnRetry,
  breaker: defaultBreaker,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  operations: {
    send: defineOperation({
      kind: 'rest',
      method: 'POST',
      input: z.object({
        to: e164Phone,
        body: z.string().min(1).max(1600),
        from: z.string().optional(),
      }),
      path: () => 'messages',
      body: (input) => input,
      response: z.object({ sid: z.string(), status: z.string(), segments: z.number().int() }),
      timeoutMs: 2000,
    }),
  },
});
