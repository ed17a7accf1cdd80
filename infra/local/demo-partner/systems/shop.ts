import * as z from 'zod';
import { staticBearer } from '../auth.ts';
import type { PartnerContext } from '../context.ts';
import { errorResponse, json, parseQuery, phoneQueryValue } from '../http.ts';
import type { Order, PartnerData } from '../model.ts';
import type { Route } from '../router.ts';

const shopAuth = staticBearer('shop', (ctx) => ctx.credentials.shop.api.token);

const orderNumberSchema = z.string().regex(/^\d{3,12}$/, 'order numbers are 3–12 digits');

function orderView(order: Order): Order {
  return structuredClone(order);
}

function customerIdForPhone(data: PartnerData, phone: string): string | undefined {
  return data.shopCustomers.find((customer) => customer.phone === phone)?.id;
}

export const shopRoutes: Route<PartnerContext>[] = [
  {
    method: 'GET',
    path: '/shop/orders/{orderNumber}',
    operation: 'shop.getOrder',
    auth: shopAuth,
    handle(req, ctx) {
      const orderNumber = orderNumberSchema.safeParse(req.params.orderNumber);
      if (!orderNumber.success) {
        return errorResponse(400, 'invalid_order_number', 'Order numbers are 3–12 digits.');
      }
      const order = ctx.state.data.orders.get(orderNumber.data);
      if (!order) {
        return errorResponse(404, 'order_not_found', `No order ${orderNumber.data}.`);
      }
      return json(200, orderView(order));
    },
  },
  {
    method: 'GET',
    path: '/shop/orders',
    operation: 'shop.listOrders',
    auth: shopAuth,
    handle(req, ctx) {
      const query = parseQuery(req, z.object({ customerPhone: phoneQueryValue }));
      if (!query.ok) return query.response;
      const customerId = customerIdForPhone(ctx.state.data, query.value.customerPhone);
      const orders = [...ctx.state.data.orders.values()]
        .filter((order) => customerId !== undefined && order.customerId === customerId)
        .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
        .map(orderView);
      return json(200, { orders });
    },
  },
];
