/**
 * What each partner sends to `POST /webhooks/{partner}`: its signature scheme, where its secrets
 * live, how to read the event id and type, and the events accepted (a zod schema each). Adding a
 * partner is one entry in `inboundPartners`.
 */
import * as z from 'zod';
import type { WebhookScheme } from './index.ts';

/** DESIGN §6: bodies above this are refused with 413 before any other work. */
export const defaultMaxBodyBytes = 256 * 1024;

/** A delivery after verification and body parsing, as the id/type readers see it. */
export interface ParsedDelivery {
  /** Case-insensitive header lookup. */
  readonly header: (name: string) => string | undefined;
  /** JSON value, or the form fields as an object for form-encoded partners. */
  readonly body: unknown;
}

export type DeliveryReader = (delivery: ParsedDelivery) => string | undefined;

export interface InboundPartnerConfig {
  readonly scheme: WebhookScheme;
  /** Secrets Manager name holding `{ inbound: string[], outbound: string }`. */
  readonly secretName: string;
  readonly bodyFormat: 'json' | 'form';
  readonly maxBodyBytes: number;
  /** The partner's own event id, stable across its retries: the dedupe key. */
  readonly eventId: DeliveryReader;
  readonly eventType: DeliveryReader;
  /** Accepted event types; anything else is 422. */
  readonly events: Readonly<Record<string, z.ZodType>>;
}

export const fromHeader =
  (name: string): DeliveryReader =>
  ({ header }) =>
    nonEmpty(header(name));

/** Reads a string (or number) at a dotted path of the parsed body. */
export const fromBody =
  (path: string): DeliveryReader =>
  ({ body }) => {
    let value: unknown = body;
    for (const key of path.split('.')) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
        return undefined;
      }
      value = (value as Record<string, unknown>)[key];
    }
    return typeof value === 'number' ? String(value) : nonEmpty(value);
  };

const firstOf =
  (...readers: DeliveryReader[]): DeliveryReader =>
  (delivery) => {
    for (const read of readers) {
      const value = read(delivery);
      if (value !== undefined) return value;
    }
    return undefined;
  };

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

const webhookSecretName = (partner: string) => `switchboard/${partner}/webhooks`;

const isoTime = z.iso.datetime({ offset: true });
const phone = z.string().min(3).max(32);

const shopOrderStatusChanged = z.object({
  type: z.literal('order.status_changed'),
  timestamp: isoTime,
  data: z.object({
    orderNumber: z.string().min(1).max(40),
    status: z.string().min(1).max(40),
    previousStatus: z.string().max(40).nullish(),
    customerPhone: phone.nullish(),
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

const crmLoyaltyPointsChanged = z.object({
  type: z.literal('loyalty.points_changed'),
  timestamp: isoTime,
  data: z.object({
    previousPoints: z.number().int().nullish(),
    customer: z.object({
      id: z.string().min(1).max(100),
      phone: phone.nullish(),
      locale: z.string().max(20).nullish(),
      loyalty: z.object({
        points: z.number().int(),
        tier: z.string().max(40).nullish(),
        updatedAt: isoTime,
      }),
    }),
  }),
});

const paymentsPaymentCompleted = z.object({
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
      customerPhone: phone.nullish(),
      paidAt: isoTime.nullish(),
    }),
  }),
});

const calendarAppointment = z.object({
  action: z.enum(['confirmed', 'cancelled']),
  appointment: z.object({
    id: z.string().min(1).max(200),
    status: z.string().max(40),
    start: isoTime,
    end: isoTime.nullish(),
    service: z.string().max(200).nullish(),
    customer: z.object({ name: z.string().max(200).nullish(), phone: phone.nullish() }).nullish(),
    updatedAt: isoTime,
  }),
});

const smsDeliveryStatus = z.object({
  MessageSid: z.string().min(1).max(64),
  MessageStatus: z.string().min(1).max(40),
  To: phone.optional(),
  From: phone.optional(),
  ErrorCode: z.string().max(10).optional(),
});

const ticketUpdated = z.object({
  id: z.string().min(1).max(100),
  status: z.string().max(40),
  subject: z.string().max(500).nullish(),
  assignee: z.string().max(100).nullish(),
  conversationId: z.string().max(200).nullish(),
  requester: z.object({ phone: phone.nullish() }).nullish(),
  updatedAt: isoTime,
});

/** Shopify names topics `<resources>/<action>`; our event types are `<resource>.<action>`. */
const shopifyTopicType: DeliveryReader = ({ header }) => {
  const match = /^([a-z_]+?)s?\/([a-z_]+)$/.exec(header('x-shopify-topic') ?? '');
  return match ? `${match[1]}.${match[2]}` : undefined;
};

/** GitHub: `X-GitHub-Event` names the resource, the body's `action` what happened to it. */
const githubEventType: DeliveryReader = (delivery) => {
  const resource = fromHeader('x-github-event')(delivery);
  const action = fromBody('action')(delivery);
  return resource && action ? `${resource}.${action}` : undefined;
};

/** Twilio status callbacks: the idempotency token, else the message and status it reports. */
const twilioEventId: DeliveryReader = firstOf(fromHeader('i-twilio-idempotency-token'), (d) => {
  const sid = fromBody('MessageSid')(d);
  const status = fromBody('MessageStatus')(d);
  return sid && status ? `${sid}:${status}` : undefined;
});

export const inboundPartners: Readonly<Record<string, InboundPartnerConfig>> = {
  shop: {
    scheme: 'standard-webhooks',
    secretName: webhookSecretName('shop'),
    bodyFormat: 'json',
    maxBodyBytes: defaultMaxBodyBytes,
    eventId: fromHeader('webhook-id'),
    eventType: fromBody('type'),
    events: { 'order.status_changed': shopOrderStatusChanged },
  },
  crm: {
    scheme: 'standard-webhooks',
    secretName: webhookSecretName('crm'),
    bodyFormat: 'json',
    maxBodyBytes: defaultMaxBodyBytes,
    eventId: fromHeader('webhook-id'),
    eventType: fromBody('type'),
    events: { 'loyalty.points_changed': crmLoyaltyPointsChanged },
  },
  payments: {
    scheme: 'stripe',
    secretName: webhookSecretName('payments'),
    bodyFormat: 'json',
    maxBodyBytes: defaultMaxBodyBytes,
    eventId: fromBody('id'),
    eventType: fromBody('type'),
    events: { 'payment.completed': paymentsPaymentCompleted },
  },
  calendar: {
    scheme: 'github',
    secretName: webhookSecretName('calendar'),
    bodyFormat: 'json',
    maxBodyBytes: defaultMaxBodyBytes,
    eventId: fromHeader('x-github-delivery'),
    eventType: githubEventType,
    events: {
      'appointment.confirmed': calendarAppointment,
      'appointment.cancelled': calendarAppointment,
    },
  },
  sms: {
    scheme: 'twilio',
    secretName: webhookSecretName('sms'),
    bodyFormat: 'form',
    maxBodyBytes: defaultMaxBodyBytes,
    eventId: twilioEventId,
    // A status callback URL receives one kind of event only.
    eventType: () => 'sms.delivery_status',
    events: { 'sms.delivery_status': smsDeliveryStatus },
  },
  tickets: {
    scheme: 'shopify',
    secretName: webhookSecretName('tickets'),
    bodyFormat: 'json',
    maxBodyBytes: defaultMaxBodyBytes,
    eventId: firstOf(fromHeader('x-shopify-event-id'), fromHeader('x-shopify-webhook-id')),
    eventType: shopifyTopicType,
    events: { 'ticket.updated': ticketUpdated },
  },
};

export function inboundPartner(
  partners: Readonly<Record<string, InboundPartnerConfig>>,
  name: string,
): InboundPartnerConfig | undefined {
  return Object.hasOwn(partners, name) ? partners[name] : undefined;
}

export const webhookSecretSchema = z.object({
  inbound: z.array(z.string().min(1)).min(1),
  outbound: z.string().min(1),
});
export type WebhookSecret = z.infer<typeof webhookSecretSchema>;
