/**
 * Events the partners emit. Applying one changes the partner's own data first (an order that
 * ships is shipped when fetched), then its payload describes the new state.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { PartnerContext } from './context.ts';
import type { SystemName } from './credentials.ts';
import { orderStatuses, smsStatuses, ticketStatuses } from './model.ts';
import { type Carrier, carriers, dateInDays } from './seed.ts';
import { crmCustomerView } from './systems/crm.ts';

export type Applied =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; code: string; message: string };

export interface PartnerEvent {
  readonly system: SystemName;
  readonly type: string;
  readonly dataSchema: z.ZodType;
  apply(data: unknown, ctx: PartnerContext): Applied;
}

function defineEvent<Schema extends z.ZodType>(event: {
  system: SystemName;
  type: string;
  dataSchema: Schema;
  apply(data: z.infer<Schema>, ctx: PartnerContext): Applied;
}): PartnerEvent {
  return event as PartnerEvent;
}

function unknownEntity(code: string, message: string): Applied {
  return { ok: false, code, message };
}

const orderStatusChanged = defineEvent({
  system: 'shop',
  type: 'order.status_changed',
  dataSchema: z.strictObject({
    orderNumber: z.string().regex(/^\d{3,12}$/),
    status: z.enum(orderStatuses),
    carrier: z.enum(Object.keys(carriers) as [Carrier, ...Carrier[]]).optional(),
    trackingNumber: z.string().min(4).max(40).optional(),
    expectedDelivery: z.iso.date().optional(),
  }),
  apply(data, ctx) {
    const order = ctx.state.data.orders.get(data.orderNumber);
    if (!order) return unknownEntity('unknown_order', `The shop has no order ${data.orderNumber}.`);
    const now = ctx.now();
    const previousStatus = order.status;
    order.status = data.status;
    order.updatedAt = now.toISOString();
    const ships = ['shipped', 'out_for_delivery', 'delivered'].includes(data.status);
    if (ships) {
      const carrier: Carrier = data.carrier ?? (order.total.currency === 'USD' ? 'UPS' : 'DHL');
      const trackingNumber =
        data.trackingNumber ??
        order.shipment?.trackingNumber ??
        `JJD${randomBytes(6).toString('hex').toUpperCase()}`;
      order.shipment = {
        carrier,
        trackingNumber,
        trackingUrl: carriers[carrier](trackingNumber),
        shippedAt: order.shipment?.shippedAt ?? now.toISOString(),
        expectedDelivery:
          data.expectedDelivery ?? order.shipment?.expectedDelivery ?? dateInDays(now, 1),
        deliveredAt: data.status === 'delivered' ? now.toISOString() : null,
      };
    }
    if (data.status === 'cancelled') {
      order.cancellation = { cancelledAt: now.toISOString(), reason: 'merchant' };
    }
    const customer = ctx.state.data.shopCustomers.find(
      (candidate) => candidate.id === order.customerId,
    );
    return {
      ok: true,
      payload: {
        orderNumber: order.orderNumber,
        previousStatus,
        status: order.status,
        customerPhone: customer?.phone ?? null,
        shipment: structuredClone(order.shipment),
        changedAt: order.updatedAt,
      },
    };
  },
});

const loyaltyPointsChanged = defineEvent({
  system: 'crm',
  type: 'loyalty.points_changed',
  dataSchema: z.strictObject({ customerId: z.string().min(1), points: z.number().int().min(0) }),
  apply(data, ctx) {
    const customer = ctx.state.data.crmCustomers.get(data.customerId);
    if (!customer)
      return unknownEntity('unknown_customer', `The CRM has no customer ${data.customerId}.`);
    const previousPoints = customer.loyalty.points;
    customer.loyalty.points = data.points;
    customer.loyalty.updatedAt = ctx.now().toISOString();
    return { ok: true, payload: { previousPoints, customer: crmCustomerView(customer) } };
  },
});

const paymentCompleted = defineEvent({
  system: 'payments',
  type: 'payment.completed',
  dataSchema: z.strictObject({ paymentLinkId: z.string().min(1) }),
  apply(data, ctx) {
    const link = ctx.state.data.paymentLinks.get(data.paymentLinkId);
    if (!link)
      return unknownEntity('unknown_payment_link', `No payment link ${data.paymentLinkId}.`);
    const now = ctx.now().toISOString();
    link.status = 'paid';
    link.paidAt = now;
    const order = link.orderNumber ? ctx.state.data.orders.get(link.orderNumber) : undefined;
    if (order?.status === 'pending_payment') {
      order.status = 'processing';
      order.updatedAt = now;
    }
    return { ok: true, payload: { object: 'payment_link', ...structuredClone(link) } };
  },
});

function appointmentEvent(type: string, status: 'confirmed' | 'cancelled') {
  return defineEvent({
    system: 'calendar',
    type,
    dataSchema: z.strictObject({ appointmentId: z.string().min(1) }),
    apply(data, ctx) {
      const appointment = ctx.state.data.appointments.get(data.appointmentId);
      if (!appointment) {
        return unknownEntity('unknown_appointment', `No appointment ${data.appointmentId}.`);
      }
      appointment.status = status;
      appointment.updatedAt = ctx.now().toISOString();
      return {
        ok: true,
        payload: structuredClone(appointment) as unknown as Record<string, unknown>,
      };
    },
  });
}

/** A fixed account id, as every callback from one Twilio account carries the same one. */
const smsAccountSid = 'ACa1b2c3d4e5f60718293a4b5c6d7e8f90';

const smsDeliveryStatus = defineEvent({
  system: 'sms',
  type: 'sms.delivery_status',
  dataSchema: z.strictObject({
    messageSid: z.string().min(1),
    status: z.enum(smsStatuses),
    errorCode: z.number().int().min(0).optional(),
  }),
  apply(data, ctx) {
    const message = ctx.state.data.smsMessages.get(data.messageSid);
    if (!message) return unknownEntity('unknown_message', `No SMS ${data.messageSid}.`);
    message.status = data.status;
    message.errorCode = data.errorCode ?? null;
    message.updatedAt = ctx.now().toISOString();
    // Twilio's status callback parameters: flat strings, signed as form fields.
    const params: Record<string, string> = {
      AccountSid: smsAccountSid,
      ApiVersion: '2010-04-01',
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: message.status,
      SmsStatus: message.status,
      From: message.from,
      To: message.to,
    };
    if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
    return { ok: true, payload: params };
  },
});

const ticketUpdated = defineEvent({
  system: 'tickets',
  type: 'ticket.updated',
  dataSchema: z
    .strictObject({
      ticketId: z.string().min(1),
      status: z.enum(ticketStatuses).optional(),
      assignee: z.string().min(1).max(100).optional(),
      comment: z.string().min(1).max(5000).optional(),
    })
    .refine((data) => data.status || data.assignee || data.comment, {
      message: 'give at least one of status, assignee, comment',
    }),
  apply(data, ctx) {
    const ticket = ctx.state.data.tickets.get(data.ticketId);
    if (!ticket) return unknownEntity('unknown_ticket', `No ticket ${data.ticketId}.`);
    const now = ctx.now().toISOString();
    if (data.status) ticket.status = data.status;
    if (data.assignee) ticket.assignee = data.assignee;
    if (data.comment)
      ticket.comments.push({
        author: ticket.assignee ?? 'agent',
        body: data.comment,
        createdAt: now,
      });
    ticket.updatedAt = now;
    return { ok: true, payload: structuredClone(ticket) as unknown as Record<string, unknown> };
  },
});

const partnerEvents: readonly PartnerEvent[] = [
  orderStatusChanged,
  loyaltyPointsChanged,
  paymentCompleted,
  appointmentEvent('appointment.confirmed', 'confirmed'),
  appointmentEvent('appointment.cancelled', 'cancelled'),
  smsDeliveryStatus,
  ticketUpdated,
];

export function findEvent(system: SystemName, type: string): PartnerEvent | undefined {
  return partnerEvents.find((event) => event.system === system && event.type === type);
}

export function eventTypesOf(system: SystemName): string[] {
  return partnerEvents.filter((event) => event.system === system).map((event) => event.type);
}
