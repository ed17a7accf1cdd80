import * as z from 'zod';
import { isoInstant } from '#shared/events/event-plan.ts';
import { entityKey } from '#shared/state/table-design.ts';
import {
  acceptEvent,
  type DeliveryReader,
  firstOf,
  fromHeader,
  type InboundWebhooksSpec,
} from '#shared/webhooks/inbound.ts';
import { shopifyHeaderNames } from '#shared/webhooks/schemes/shopify.ts';
import { isoTime, webhookPhone } from '../common.ts';

const ticketUpdated = z.object({
  id: z.string().min(1).max(100),
  status: z.string().max(40),
  subject: z.string().max(500).nullish(),
  assignee: z.string().max(100).nullish(),
  conversationId: z.string().max(200).nullish(),
  requester: z.object({ phone: webhookPhone.nullish() }).nullish(),
  updatedAt: isoTime,
});

/** A Shopify header in either spelling (`X-Shopify-Topic` or `Shopify-Topic`). */
const shopifyHeader = (name: string): DeliveryReader =>
  firstOf(...shopifyHeaderNames(name).map(fromHeader));

/** Shopify names topics `<resources>/<action>`; our event types are `<resource>.<action>`. */
const shopifyTopicType: DeliveryReader = (delivery) => {
  const match = /^([a-z_]+?)s?\/([a-z_]+)$/.exec(shopifyHeader('topic')(delivery) ?? '');
  return match ? `${match[1]}.${match[2]}` : undefined;
};

export const ticketsWebhooks = {
  scheme: 'shopify',
  eventId: firstOf(shopifyHeader('event-id'), shopifyHeader('webhook-id')),
  eventType: shopifyTopicType,
  events: {
    'ticket.updated': acceptEvent(ticketUpdated, (ticket) => ({
      entity: {
        key: entityKey('ticket', ticket.id),
        version: isoInstant(ticket.updatedAt),
        state: { ticketId: ticket.id, status: ticket.status, assignee: ticket.assignee ?? null },
      },
      ...(ticket.requester?.phone ? { customer: ticket.requester.phone } : {}),
      summary: `Ticket ${ticket.id} is ${ticket.status}`,
      ...(ticket.status === 'solved' || ticket.status === 'closed'
        ? { news: { kind: 'ticket.resolved', params: { ticketId: ticket.id } } }
        : {}),
    })),
  },
} as const satisfies InboundWebhooksSpec;
