import * as z from 'zod';
import { isoInstant } from '#shared/events/event-plan.ts';
import { entityKey } from '#shared/state/table-design.ts';
import { acceptEvent, fromBody, type InboundWebhooksSpec } from '#shared/webhooks/inbound.ts';
import { isoTime, webhookPhone } from '../common.ts';

const paymentCompleted = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('payment.completed'),
  created: z.number().int(),
  data: z.object({
    object: z.object({
      id: z.string().min(1).max(200),
      status: z.string().max(40),
      amount: z.number().int().nullish(),
      currency: z.string().max(10).nullish(),
      orderNumber: z.string().max(40).nullish(),
      customerPhone: webhookPhone.nullish(),
      paidAt: isoTime.nullish(),
    }),
  }),
});

export const paymentsWebhooks = {
  scheme: 'stripe',
  eventId: fromBody('id'),
  eventType: fromBody('type'),
  events: {
    'payment.completed': acceptEvent(paymentCompleted, (event) => {
      const link = event.data.object;
      const params: Record<string, string | number> = {};
      if (link.orderNumber) params.orderNumber = link.orderNumber;
      if (typeof link.amount === 'number') params.amount = link.amount;
      if (link.currency) params.currency = link.currency;
      return {
        entity: {
          key: entityKey('payment', link.id),
          version: isoInstant(link.paidAt ?? event.created * 1000),
          state: {
            paymentLinkId: link.id,
            status: link.status,
            orderNumber: link.orderNumber ?? null,
          },
        },
        ...(link.customerPhone ? { customer: link.customerPhone } : {}),
        summary: `Payment ${link.id} received`,
        news: { kind: 'payment.received', params },
      };
    }),
  },
} as const satisfies InboundWebhooksSpec;
