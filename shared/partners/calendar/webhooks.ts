import * as z from 'zod';
import { type EventPlan, isoInstant, type PlanContext } from '#shared/events/event-plan.ts';
import { normalizeLocale, render } from '#shared/i18n/index.ts';
import { entityKey } from '#shared/state/table-design.ts';
import {
  acceptEvent,
  type DeliveryReader,
  fromBody,
  fromHeader,
  type InboundWebhooksSpec,
} from '#shared/webhooks/inbound.ts';
import { isoTime, webhookPhone } from '../common.ts';

const appointmentChanged = z.object({
  action: z.enum(['confirmed', 'cancelled']),
  appointment: z.object({
    id: z.string().min(1).max(200),
    status: z.string().max(40),
    start: isoTime,
    end: isoTime.nullish(),
    service: z.string().max(200).nullish(),
    customer: z
      .object({
        name: z.string().max(200).nullish(),
        phone: webhookPhone.nullish(),
        /** The language the customer booked in (Switchboard sends it with each booking). */
        locale: z.string().max(35).nullish(),
      })
      .nullish(),
    updatedAt: isoTime,
  }),
});

/** GitHub style: `X-GitHub-Event` names the resource, the body's `action` what happened to it. */
const githubEventType: DeliveryReader = (delivery) => {
  const resource = fromHeader('x-github-event')(delivery);
  const action = fromBody('action')(delivery);
  return resource && action ? `${resource}.${action}` : undefined;
};

/**
 * The confirmation SMS, in the language the appointment was booked in (the calendar keeps the
 * locale Switchboard sent with the booking; English when a booking made elsewhere has none) and
 * in the business time zone, with the date spelled out: an SMS is read later, so never "tomorrow".
 */
function confirmationSms(
  appointment: z.infer<typeof appointmentChanged>['appointment'],
  receivedAt: string,
  { timeZone }: PlanContext,
): string {
  return render(
    normalizeLocale(appointment.customer?.locale),
    { key: 'appointment.smsConfirmed', params: { start: appointment.start } },
    { now: Date.parse(receivedAt), timeZone },
  ).text;
}

function planAppointment(
  { action, appointment }: z.infer<typeof appointmentChanged>,
  message: { readonly receivedAt: string },
  context: PlanContext,
): EventPlan {
  const phone = appointment.customer?.phone ?? undefined;
  return {
    entity: {
      key: entityKey('appointment', appointment.id),
      version: isoInstant(appointment.updatedAt),
      state: {
        appointmentId: appointment.id,
        status: appointment.status,
        start: appointment.start,
      },
    },
    ...(phone ? { customer: phone } : {}),
    summary: `Appointment ${appointment.id} ${action}`,
    news: { kind: `appointment.${action}`, params: { start: appointment.start } },
    ...(action === 'confirmed' && phone
      ? {
          notifications: [
            {
              partner: 'sms',
              operation: 'send',
              input: { to: phone, body: confirmationSms(appointment, message.receivedAt, context) },
            },
          ],
        }
      : {}),
  };
}

export const calendarWebhooks = {
  scheme: 'github',
  eventId: fromHeader('x-github-delivery'),
  eventType: githubEventType,
  events: {
    'appointment.confirmed': acceptEvent(appointmentChanged, planAppointment),
    'appointment.cancelled': acceptEvent(appointmentChanged, planAppointment),
  },
} as const satisfies InboundWebhooksSpec;
