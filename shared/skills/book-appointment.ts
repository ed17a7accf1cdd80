import type {
  PendingJobRef,
  Skill,
  SkillContext,
  SkillResult,
  Turn,
} from '#shared/conversation/types.ts';
import { calendarDateAt, zonedInstant } from '#shared/i18n/dates.ts';
import {
  type CalendarAppointment,
  calendarConnector,
} from '#shared/partners/calendar/connector.ts';
import { parseDate } from './parse-date.ts';
import { parseTime } from './parse-time.ts';
import { elicit, partnerUnavailable, say } from './support.ts';

const name = 'BookAppointment';
const service = 'consultation';
const maxAlternatives = 3;
/** The calendar wants a name; callers who are not in the CRM are booked under this one. */
const unknownCallerName = 'Phone caller';

interface Requested {
  readonly date: string;
  readonly time: string;
  /** The requested start as an ISO instant. */
  readonly start: string;
}

interface FreeSlot {
  readonly id: string;
  readonly start: string;
}

/** Dialog-phase checks: the shape of the date and time, never availability. */
function checkSlots(context: SkillContext): SkillResult | Requested {
  const { now, timeZone } = context;
  if (context.slots.date === undefined) return elicit('date', say('appointment.askDate'));
  const date = parseDate(context.slots.date, now, timeZone);
  if (date === undefined) return elicit('date', say('appointment.invalidDate'));
  if (date < calendarDateAt(now, timeZone)) return elicit('date', say('appointment.pastDate'));
  if (context.slots.time === undefined) {
    return elicit('time', say('appointment.askTime'), { date });
  }
  // Nobody books a consultation at 2 in the night: "at 2" is 14:00.
  const time = parseTime(context.slots.time, { preferAfternoon: true });
  if (time === undefined) return elicit('time', say('appointment.invalidTime'), { date });
  const start = zonedInstant(date, time, timeZone);
  if (start <= now) return elicit('time', say('appointment.timePassed'), { date });
  return { date, time, start: new Date(start).toISOString() };
}

/** Confirmation comes before any booking, on every channel. */
function confirmation(context: SkillContext, requested: Requested): SkillResult | undefined {
  const slots = { date: requested.date, time: requested.time };
  if (context.turn.confirmation === 'denied') {
    return { outcome: 'failed', messages: [say('appointment.declined')], slots };
  }
  if (context.turn.confirmation !== 'confirmed') {
    return {
      outcome: 'confirm',
      messages: [say('appointment.confirm', { start: requested.start })],
      slots,
    };
  }
  return undefined;
}

/** Free times that day nearest to the one asked for, in the order of the day. */
function alternativesTo(
  requested: Requested,
  slots: readonly FreeSlot[],
  timeZone: string,
): string[] {
  const wanted = Date.parse(requested.start);
  return slots
    .filter((slot) => calendarDateAt(Date.parse(slot.start), timeZone) === requested.date)
    .map((slot) => Date.parse(slot.start))
    .sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted))
    .slice(0, maxAlternatives)
    .sort((a, b) => a - b)
    .map((instant) => new Date(instant).toISOString());
}

function booked(
  appointment: CalendarAppointment,
  turn: Turn,
): Required<Pick<SkillResult, 'messages' | 'events'>> {
  return {
    messages: [
      say('appointment.booked', { start: appointment.start, advisor: appointment.advisor }),
    ],
    events: [
      {
        type: 'appointment.booked',
        data: {
          appointmentId: appointment.id,
          start: appointment.start,
          end: appointment.end,
          advisor: appointment.advisor,
          service: appointment.service,
          channel: turn.channel,
          sessionId: turn.sessionId,
        },
      },
    ],
  };
}

async function callerName(context: SkillContext, phone: string): Promise<string> {
  const found = await context.callPartner?.('crm', 'findCustomerByPhone', { phone });
  return found?.kind === 'ok' ? found.value.name : unknownCallerName;
}

export const bookAppointment: Skill = {
  name,
  audience: 'verified-customer',
  utterances: {
    'en-US': [
      'book an appointment',
      'I want to make an appointment {date} at {time}',
      'book an appointment for {date}',
      'schedule a visit {date} at {time}',
      'can I come in {date}',
    ],
    'pl-PL': [
      'chcę umówić wizytę',
      'umów mnie na wizytę {date} o {time}',
      'zarezerwuj wizytę na {date}',
      'chciałbym się umówić {date} o {time}',
      'rezerwacja terminu',
    ],
    'ru-RU': [
      'записаться на приём',
      'запишите меня на {date} в {time}',
      'хочу записаться на приём на {date}',
      'забронировать время визита',
      'можно записаться {date}',
    ],
    'zh-CN': ['我想预约', '帮我预约{date}{time}', '预约{date}的时间', '我要预约服务', '可以预约吗'],
  },
  slots: ['date', 'time'],
  // A booking; the skill asks "Shall I book…?" itself.
  sideEffect: {},

  validate(context) {
    const requested = checkSlots(context);
    if ('outcome' in requested) return requested;
    return (
      confirmation(context, requested) ?? {
        outcome: 'delegate',
        messages: [],
        slots: { date: requested.date, time: requested.time },
      }
    );
  },

  async run(context) {
    const requested = checkSlots(context);
    if ('outcome' in requested) return requested;
    const unconfirmed = confirmation(context, requested);
    if (unconfirmed) return unconfirmed;
    const slots = { date: requested.date, time: requested.time };
    const phone = context.turn.phone;
    if (phone === undefined) {
      return { outcome: 'failed', messages: [say('appointment.needPhone')], slots };
    }
    const callPartner = context.callPartner;
    if (!callPartner) return { ...partnerUnavailable(), slots };

    const free = await callPartner('calendar', 'listSlots', {
      date: requested.date,
      days: 1,
      service,
    });
    if (free.kind !== 'ok') {
      return { ...partnerUnavailable(free.kind === 'failed' ? free.error : undefined), slots };
    }
    const slot = free.value.slots.find(
      (candidate) => Date.parse(candidate.start) === Date.parse(requested.start),
    );
    if (!slot) {
      const alternatives = alternativesTo(requested, free.value.slots, context.timeZone);
      return alternatives.length === 0
        ? elicit('date', say('appointment.dayFull', { date: requested.date }))
        : elicit(
            'time',
            say('appointment.timeUnavailable', {
              start: requested.start,
              alternatives: alternatives.join(','),
            }),
            { date: requested.date },
          );
    }

    if ((await context.quota?.take('booking')) !== 'granted') {
      return { outcome: 'failed', messages: [say('appointment.limitReached')], slots };
    }
    const booking = await callPartner('calendar', 'createAppointment', {
      slotId: slot.id,
      service,
      customer: { name: await callerName(context, phone), phone, locale: context.turn.locale },
    });
    switch (booking.kind) {
      case 'ok':
        return { outcome: 'fulfilled', ...booked(booking.value, context.turn), slots };
      case 'pending':
        return {
          outcome: 'pending',
          messages: [say('appointment.booking', { start: requested.start })],
          slots,
          pendingJob: { jobId: booking.jobId, skill: name, context: { start: requested.start } },
        };
      case 'failed':
        return booking.error.code === 'conflict'
          ? elicit('time', say('appointment.slotTaken'), { date: requested.date })
          : { outcome: 'failed', messages: [say('appointment.bookingFailed')], slots };
    }
  },

  speakJob(job, _pending: PendingJobRef, context) {
    if (job.status === 'succeeded') {
      const appointment = calendarConnector.operations.createAppointment.response.safeParse(
        job.result,
      );
      if (appointment.success) return booked(appointment.data, context.turn);
    }
    return {
      messages: [
        say(job.errorCode === 'conflict' ? 'appointment.slotTaken' : 'appointment.bookingFailed'),
      ],
    };
  },
};
