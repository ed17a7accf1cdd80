import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { isoInstant } from '#shared/events/event-plan.ts';
import { entityKey } from '#shared/state/table-design.ts';
import { defaultBreaker, e164Phone, segment, turnRetry } from '../common.ts';

/** What `loyalty.points_changed` leaves in ConversationState (see `webhooks.ts`). */
export const pushedLoyaltySchema = z.object({ customerId: z.string(), points: z.number().int() });

const loyaltySchema = z.object({
  points: z.number().int(),
  tier: z.enum(['bronze', 'silver', 'gold']),
  updatedAt: z.string(),
});

const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  locale: z.string(),
  loyalty: loyaltySchema,
});

export type CrmCustomer = z.infer<typeof customerSchema>;

const customerByPhoneQuery = `query CustomerByPhone($phone: String!) {
  customerByPhone(phone: $phone) { id name locale loyalty { points tier updatedAt } }
}`;

export const crmConnector = defineConnector({
  auth: {
    kind: 'oauth2-client-credentials',
    tokenPath: 'oauth/token',
    scope: 'customers:read loyalty:read identity:verify',
  },
  retry: turnRetry,
  breaker: defaultBreaker,
  rateLimit: { requestsPerSecond: 20, burst: 40 },
  operations: {
    /** GraphQL, so one round trip gets the customer with their loyalty balance. */
    findCustomerByPhone: defineOperation({
      kind: 'graphql',
      path: 'graphql',
      query: customerByPhoneQuery,
      input: z.object({ phone: e164Phone }),
      variables: ({ phone }) => ({ phone }),
      select: (data) => data.customerByPhone,
      response: customerSchema,
      timeoutMs: 1500,
      cacheTtlMs: 30_000,
    }),
    getLoyalty: defineOperation({
      kind: 'rest',
      method: 'GET',
      input: z.object({ customerId: z.string().min(1) }),
      path: ({ customerId }) => `customers/${segment(customerId)}/loyalty`,
      response: loyaltySchema.extend({ customerId: z.string() }),
      timeoutMs: 1500,
      cacheTtlMs: 30_000,
      freshness: {
        entity: ({ customerId }) => entityKey('loyalty', customerId),
        version: (loyalty) => isoInstant(loyalty.updatedAt),
        withPushed: (loyalty, { version, state }) => {
          const pushed = pushedLoyaltySchema.safeParse(state);
          return pushed.success
            ? { ...loyalty, points: pushed.data.points, updatedAt: version }
            : undefined;
        },
      },
    }),
    /** Never cached nor retried blindly: each PIN attempt counts towards the lockout. */
    verifyPin: defineOperation({
      kind: 'rest',
      method: 'POST',
      input: z.object({ customerId: z.string().min(1), pin: z.string().regex(/^\d{4,6}$/) }),
      path: ({ customerId }) => `customers/${segment(customerId)}/verify-pin`,
      body: ({ pin }) => ({ pin }),
      response: z.object({ verified: z.boolean() }),
      timeoutMs: 1500,
    }),
  },
});
