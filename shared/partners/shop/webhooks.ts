import * as z from 'zod';
import { isoInstant } from '#shared/events/event-plan.ts';
import type { NewsKind } from '#shared/i18n/index.ts';
import { entityKey } from '#shared/state/table-design.ts';
import {
  acceptEvent,
  fromBody,
  fromHeader,
  type InboundWebhooksSpec,
} from '#shared/webhooks/inbound.ts';
import { isoTime, webhookPhone } from '../common.ts';
import type { PushedOrderState } from './order-state.ts';

const orderStatusChanged = z.object({
  type: z.literal('order.status_changed'),
  timestamp: isoTime,
  data: z.object({
    orderNumber: z.string().min(1).max(40),
    status: z.string().min(1).max(40),
    previousStatus: z.string().max(40).nullish(),
    customerPhone: webhookPhone.nullish(),
    shipment: z
      .object({
        carrier: z.string().max(40),
        trackingNumber: z.string().max(60),
        trackingUrl: z.string().max(500).optional(),
        expectedDelivery: z.string().max(40).nullish(),
        deliveredAt: z.string().max(40).nullish(),
      })
      .nullish(),
    changedAt: isoTime,
  }),
});

/** The order statuses a caller is told about unasked. */
const orderNews: Readonly<Record<string, NewsKind>> = {
  shipped: 'order.shipped',
  out_for_delivery: 'order.out_for_delivery',
  delivered: 'order.delivered',
  cancelled: 'order.cancelled',
};

export const shopWebhooks = {
  scheme: 'standard-webhooks',
  eventId: fromHeader('webhook-id'),
  eventType: fromBody('type'),
  events: {
    'order.status_changed': acceptEvent(orderStatusChanged, ({ data }) => {
      const newsKind = Object.hasOwn(orderNews, data.status) ? orderNews[data.status] : undefined;
      const params: Record<string, string> = { orderNumber: data.orderNumber, status: data.status };
      if (data.shipment?.expectedDelivery) params.expectedDelivery = data.shipment.expectedDelivery;
      if (data.shipment?.carrier) params.carrier = data.shipment.carrier;
      return {
        entity: {
          key: entityKey('order', data.orderNumber),
          version: isoInstant(data.changedAt),
          state: {
            orderNumber: data.orderNumber,
            status: data.status,
            shipment: data.shipment ?? null,
            changedAt: isoInstant(data.changedAt),
          } satisfies PushedOrderState,
        },
        ...(data.customerPhone ? { customer: data.customerPhone } : {}),
        summary: `Order ${data.orderNumber} is now ${data.status}`,
        ...(newsKind ? { news: { kind: newsKind, params } } : {}),
      };
    }),
  },
} as const satisfies InboundWebhooksSpec;
