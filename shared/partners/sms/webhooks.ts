import * as z from 'zod';
import { entityKey } from '#shared/state/table-design.ts';
import {
  acceptEvent,
  type DeliveryReader,
  firstOf,
  fromBody,
  fromHeader,
  type InboundWebhooksSpec,
} from '#shared/webhooks/inbound.ts';
import { webhookPhone } from '../common.ts';

const deliveryStatus = z.object({
  MessageSid: z.string().min(1).max(64),
  MessageStatus: z.string().min(1).max(40),
  To: webhookPhone.optional(),
  From: webhookPhone.optional(),
  ErrorCode: z.string().max(10).optional(),
});

/** SMS statuses only move forward; the callback carries no timestamp, so rank them. */
const statusRank: Readonly<Record<string, number>> = {
  accepted: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
};

/** Twilio status callbacks: the idempotency token, else the message and status it reports. */
const twilioEventId: DeliveryReader = firstOf(fromHeader('i-twilio-idempotency-token'), (d) => {
  const sid = fromBody('MessageSid')(d);
  const status = fromBody('MessageStatus')(d);
  return sid && status ? `${sid}:${status}` : undefined;
});

export const smsWebhooks = {
  scheme: 'twilio',
  bodyFormat: 'form',
  eventId: twilioEventId,
  // A status callback URL receives one kind of event only.
  eventType: () => 'sms.delivery_status',
  events: {
    'sms.delivery_status': acceptEvent(deliveryStatus, (fields) => ({
      entity: {
        key: entityKey('sms', fields.MessageSid),
        version: String(
          Object.hasOwn(statusRank, fields.MessageStatus) ? statusRank[fields.MessageStatus] : 0,
        ),
        state: { messageSid: fields.MessageSid, status: fields.MessageStatus },
      },
      ...(fields.To ? { customer: fields.To } : {}),
      summary: `SMS ${fields.MessageSid} is ${fields.MessageStatus}`,
    })),
  },
} as const satisfies InboundWebhooksSpec;
