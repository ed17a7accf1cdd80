/**
 * What each accepted partner event means for Switchboard: the entity it updates (with the
 * partner's own ordering value, so an older event never overwrites newer data), the customer's
 * timeline entry, the news a caller hears once on their next turn, and notifications to send.
 * Pure functions: the worker applies the plan (`apply.ts`).
 */
import type * as z from 'zod';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import { type InboundPartnerConfig, inboundPartners } from '#shared/webhooks/partners.ts';

export interface EntityUpdate {
  /** `order#12345`, `appointment#apt_1`: the ConversationState partition of the entity. */
  readonly key: string;
  /**
   * Orders events of one entity; compared as strings, so every planner of an entity must use
   * the same fixed-width form (ISO-8601 UTC instants, or a single digit rank).
   */
  readonly version: string;
  readonly state: Readonly<Record<string, unknown>>;
}

export interface News {
  /** Message key the turn localizes, e.g. `order.shipped`. */
  readonly kind: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** A partner call to make because of the event (e.g. an SMS), run through the `jobs` queue. */
export interface Notification {
  readonly partner: string;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface EventPlan {
  readonly entity: EntityUpdate;
  /** Timeline and news owner: an E.164 phone when the partner gives one. */
  readonly customer?: string;
  readonly summary: string;
  readonly news?: News;
  readonly notifications?: readonly Notification[];
}

type Planner = (payload: unknown, message: EventMessage) => EventPlan;

const iso = (value: string | number | Date): string => new Date(value).toISOString();

function payloadOf<T extends z.ZodType>(
  partners: Readonly<Record<string, InboundPartnerConfig>>,
  partner: string,
  type: string,
  payload: unknown,
): z.infer<T> {
  const schema = partners[partner]?.events[type];
  if (!schema) throw new UnknownEventTypeError(`${partner} ${type} has no schema`);
  return schema.parse(payload) as z.infer<T>;
}

export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
}

interface ShopOrder {
  data: {
    orderNumber: string;
    status: string;
    previousStatus?: string | null;
    customerPhone?: string | null;
    shipment?: { carrier: string; trackingNumber: string; expectedDelivery?: string | null } | null;
    changedAt: string;
  };
}

const orderNews: Readonly<Record<string, string>> = {
  shipped: 'order.shipped',
  out_for_delivery: 'order.out_for_delivery',
  delivered: 'order.delivered',
  cancelled: 'order.cancelled',
};

/** SMS statuses only move forward; the callback carries no timestamp, so rank them. */
const smsStatusRank: Readonly<Record<string, number>> = {
  accepted: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
};

const planners: Readonly<Record<string, Planner>> = {
  'shop:order.status_changed': (payload) => {
    const { data } = payload as ShopOrder;
    const newsKind = orderNews[data.status];
    const params: Record<string, string> = { orderNumber: data.orderNumber, status: data.status };
    if (data.shipment?.expectedDelivery) params.expectedDelivery = data.shipment.expectedDelivery;
    if (data.shipment?.carrier) params.carrier = data.shipment.carrier;
    return {
      entity: {
        key: `order#${data.orderNumber}`,
        version: iso(data.changedAt),
        state: {
          orderNumber: data.orderNumber,
          status: data.status,
          shipment: data.shipment ?? null,
          changedAt: iso(data.changedAt),
        },
      },
      ...(data.customerPhone ? { customer: data.customerPhone } : {}),
      summary: `Order ${data.orderNumber} is now ${data.status}`,
      ...(newsKind ? { news: { kind: newsKind, params } } : {}),
    };
  },
  'crm:loyalty.points_changed': (payload) => {
    const { data } = payload as {
      data: {
        customer: {
          id: string;
          phone?: string | null;
          loyalty: { points: number; updatedAt: string };
        };
      };
    };
    const { customer } = data;
    return {
      entity: {
        key: `loyalty#${customer.id}`,
        version: iso(customer.loyalty.updatedAt),
        state: { customerId: customer.id, points: customer.loyalty.points },
      },
      ...(customer.phone ? { customer: customer.phone } : {}),
      summary: `Loyalty balance is now ${customer.loyalty.points} points`,
    };
  },
  'payments:payment.completed': (payload) => {
    const event = payload as {
      created: number;
      data: {
        object: {
          id: string;
          status: string;
          amount?: number | null;
          currency?: string | null;
          orderNumber?: string | null;
          customerPhone?: string | null;
          paidAt?: string | null;
        };
      };
    };
    const link = event.data.object;
    const params: Record<string, string | number> = {};
    if (link.orderNumber) params.orderNumber = link.orderNumber;
    if (typeof link.amount === 'number') params.amount = link.amount;
    if (link.currency) params.currency = link.currency;
    return {
      entity: {
        key: `payment#${link.id}`,
        version: iso(link.paidAt ?? event.created * 1000),
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
  },
  'calendar:appointment.confirmed': (payload, message) => planAppointment(payload, message),
  'calendar:appointment.cancelled': (payload, message) => planAppointment(payload, message),
  'sms:sms.delivery_status': (payload) => {
    const fields = payload as { MessageSid: string; MessageStatus: string; To?: string };
    return {
      entity: {
        key: `sms#${fields.MessageSid}`,
        version: String(smsStatusRank[fields.MessageStatus] ?? 0),
        state: { messageSid: fields.MessageSid, status: fields.MessageStatus },
      },
      ...(fields.To ? { customer: fields.To } : {}),
      summary: `SMS ${fields.MessageSid} is ${fields.MessageStatus}`,
    };
  },
  'tickets:ticket.updated': (payload) => {
    const ticket = payload as {
      id: string;
      status: string;
      assignee?: string | null;
      updatedAt: string;
      requester?: { phone?: string | null } | null;
    };
    return {
      entity: {
        key: `ticket#${ticket.id}`,
        version: iso(ticket.updatedAt),
        state: { ticketId: ticket.id, status: ticket.status, assignee: ticket.assignee ?? null },
      },
      ...(ticket.requester?.phone ? { customer: ticket.requester.phone } : {}),
      summary: `Ticket ${ticket.id} is ${ticket.status}`,
      ...(ticket.status === 'solved' || ticket.status === 'closed'
        ? { news: { kind: 'ticket.resolved', params: { ticketId: ticket.id } } }
        : {}),
    };
  },
};

function planAppointment(payload: unknown, message: EventMessage): EventPlan {
  const { action, appointment } = payload as {
    action: 'confirmed' | 'cancelled';
    appointment: {
      id: string;
      status: string;
      start: string;
      customer?: { phone?: string | null } | null;
      updatedAt: string;
    };
  };
  const phone = appointment.customer?.phone ?? undefined;
  const notifications: Notification[] =
    action === 'confirmed' && phone
      ? [
          {
            partner: 'sms',
            operation: 'send',
            input: {
              to: phone,
              body: `Your appointment on ${appointment.start.slice(0, 16).replace('T', ' ')} UTC is confirmed.`,
            },
          },
        ]
      : [];
  return {
    entity: {
      key: `appointment#${appointment.id}`,
      version: iso(appointment.updatedAt),
      state: {
        appointmentId: appointment.id,
        status: appointment.status,
        start: appointment.start,
      },
    },
    ...(phone ? { customer: phone } : {}),
    summary: `Appointment ${appointment.id} ${action}`,
    news: { kind: `appointment.${action}`, params: { start: appointment.start } },
    ...(notifications.length > 0 && message.partner === 'calendar' ? { notifications } : {}),
  };
}

/**
 * Validates the payload again (the queue is a trust boundary too) and plans its effects.
 * Throws `UnknownEventTypeError` for an event this build cannot apply, so it waits in the DLQ
 * for a deploy instead of being dropped.
 */
export function planEvent(
  message: EventMessage,
  partners: Readonly<Record<string, InboundPartnerConfig>> = inboundPartners,
): EventPlan {
  const key = `${message.partner}:${message.type}`;
  const planner = Object.hasOwn(planners, key) ? planners[key] : undefined;
  if (!planner)
    throw new UnknownEventTypeError(`No handler for ${message.partner} ${message.type}`);
  return planner(payloadOf(partners, message.partner, message.type, message.payload), message);
}
