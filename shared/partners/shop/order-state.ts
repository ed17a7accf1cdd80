/**
 * An order as the shop's `order.status_changed` events leave it in ConversationState, and how
 * that pushed state is laid over an older `getOrder` answer (see `shared/connectors/freshness.ts`).
 */
import * as z from 'zod';
import type { ShopOrder } from './connector.ts';

export const pushedOrderStateSchema = z.object({
  orderNumber: z.string(),
  status: z.string(),
  shipment: z
    .object({
      carrier: z.string(),
      trackingNumber: z.string(),
      trackingUrl: z.string().optional(),
      expectedDelivery: z.string().nullish(),
      deliveredAt: z.string().nullish(),
    })
    .nullable(),
  /** ISO-8601 UTC: the entity's version, and so the answer's `updatedAt`. */
  changedAt: z.string(),
});

export type PushedOrderState = z.infer<typeof pushedOrderStateSchema>;

/** Every status the shop's API gives an order. */
export const shopOrderStatuses = [
  'pending_payment',
  'processing',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'returned',
] as const;

const orderStatuses: ReadonlySet<string> = new Set(shopOrderStatuses);

/** The order as of the event; undefined when the event lacks what the answer needs. */
export function orderAsOfEvent(
  order: ShopOrder,
  { state }: { readonly state: Readonly<Record<string, unknown>> },
): ShopOrder | undefined {
  const pushed = pushedOrderStateSchema.safeParse(state);
  if (!pushed.success || !orderStatuses.has(pushed.data.status)) return undefined;
  const { status, shipment, changedAt } = pushed.data;
  let mergedShipment = order.shipment;
  if (shipment) {
    const expectedDelivery = shipment.expectedDelivery ?? order.shipment?.expectedDelivery;
    if (expectedDelivery === undefined) return undefined;
    mergedShipment = {
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      trackingUrl: shipment.trackingUrl ?? order.shipment?.trackingUrl ?? '',
      shippedAt: order.shipment?.shippedAt ?? changedAt,
      expectedDelivery,
      deliveredAt: shipment.deliveredAt ?? null,
    };
  }
  return {
    ...order,
    status: status as ShopOrder['status'],
    updatedAt: changedAt,
    shipment: mergedShipment,
  };
}
