import * as z from 'zod';
import { isoInstant } from '#shared/events/event-plan.ts';
import { entityKey } from '#shared/state/table-design.ts';
import {
  acceptEvent,
  fromBody,
  fromHeader,
  type InboundWebhooksSpec,
} from '#shared/webhooks/inbound.ts';
import { isoTime, webhookPhone } from '../common.ts';
import type { pushedLoyaltySchema } from './connector.ts';

const loyaltyPointsChanged = z.object({
  type: z.literal('loyalty.points_changed'),
  timestamp: isoTime,
  data: z.object({
    previousPoints: z.number().int().nullish(),
    customer: z.object({
      id: z.string().min(1).max(100),
      phone: webhookPhone.nullish(),
      locale: z.string().max(20).nullish(),
      loyalty: z.object({
        points: z.number().int(),
        tier: z.string().max(40).nullish(),
        updatedAt: isoTime,
      }),
    }),
  }),
});

export const crmWebhooks = {
  scheme: 'standard-webhooks',
  eventId: fromHeader('webhook-id'),
  eventType: fromBody('type'),
  events: {
    'loyalty.points_changed': acceptEvent(loyaltyPointsChanged, ({ data: { customer } }) => ({
      entity: {
        key: entityKey('loyalty', customer.id),
        version: isoInstant(customer.loyalty.updatedAt),
        state: {
          customerId: customer.id,
          points: customer.loyalty.points,
        } satisfies z.infer<typeof pushedLoyaltySchema>,
      },
      ...(customer.phone ? { customer: customer.phone } : {}),
      summary: `Loyalty balance is now ${customer.loyalty.points} points`,
    })),
  },
} as const satisfies InboundWebhooksSpec;
