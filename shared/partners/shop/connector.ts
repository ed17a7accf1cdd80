import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { isoInstant } from '#shared/events/event-plan.ts';
import { entityKey } from '#shared/state/table-design.ts';
import { defaultBreaker, e164Phone, money, segment, turnRetry } from '../common.ts';
import { orderAsOfEvent, shopOrderStatuses } from './order-state.ts';

const orderSchema = z.object({
  orderNumber: z.string(),
  status: z.enum(shopOrderStatuses),
  placedAt: z.string(),
  updatedAt: z.string(),
  items: z.array(
    z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: money }),
  ),
  total: money,
  shipment: z
    .object({
      carrier: z.string(),
      trackingNumber: z.string(),
      trackingUrl: z.string(),
      shippedAt: z.string(),
      expectedDelivery: z.string(),
      deliveredAt: z.string().nullable(),
    })
    .nullable(),
  cancellation: z.object({ cancelledAt: z.string(), reason: z.string() }).nullable(),
});

export type ShopOrder = z.infer<typeof orderSchema>;

export const shopConnector = defineConnector({
  auth: { kind: 'bearer' },
  retry: turnRetry,
  breaker: defaultBreaker,
  rateLimit: { requestsPerSecond: 50, burst: 100 },
  operations: {
    getOrder: defineOperation({
      kind: 'rest',
      method: 'GET',
      input: z.object({ orderNumber: z.string().regex(/^\d{3,12}$/) }),
      path: ({ orderNumber }) => `orders/${segment(orderNumber)}`,
      response: orderSchema,
      timeoutMs: 1500,
      cacheTtlMs: 60_000,
      deferrable: true,
      freshness: {
        entity: ({ orderNumber }) => entityKey('order', orderNumber),
        version: (order) => isoInstant(order.updatedAt),
        withPushed: orderAsOfEvent,
      },
    }),
    listOrders: defineOperation({
      kind: 'rest',
      method: 'GET',
      input: z.object({ customerPhone: e164Phone }),
      path: ({ customerPhone }) => `orders?customerPhone=${encodeURIComponent(customerPhone)}`,
      response: z.object({ orders: z.array(orderSchema) }),
      timeoutMs: 1500,
      // Not cached: an answer about many orders cannot be checked against their events cheaply.
    }),
  },
});
