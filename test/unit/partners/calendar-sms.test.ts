import { describe, expect, it } from 'vitest';
import { planEvent } from '#shared/events/plan.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';

/** A confirmation for Sunday 2026-11-22 10:00 UTC: 11:00 in Warsaw, 13:00 in Moscow. */
const confirmed = (customer: Record<string, string>): EventMessage => ({
  partner: 'calendar',
  eventId: 'gh-1',
  type: 'appointment.confirmed',
  receivedAt: '2026-11-21T09:00:00.000Z',
  correlationId: 'c',
  payload: {
    action: 'confirmed',
    appointment: {
      id: 'apt_1',
      status: 'confirmed',
      start: '2026-11-22T10:00:00.000Z',
      customer,
      updatedAt: '2026-11-21T08:59:00.000Z',
    },
  },
});

const smsOf = (message: EventMessage, timeZone = 'Europe/Warsaw'): unknown =>
  planEvent(message, undefined, { timeZone }).notifications?.[0]?.input;

describe('appointment confirmation SMS', () => {
  it.each([
    ['ru-RU', 'Ваша запись подтверждена: воскресенье, 22 ноября, 11:00.'],
    ['pl_PL', 'Potwierdzamy Twoją wizytę: niedziela, 22 listopada, godz. 11:00.'],
    ['zh-CN', '您的预约已确认：11月22日星期日 11:00。'],
    ['en-US', 'Your appointment on Sunday, November 22 at 11:00 AM is confirmed.'],
  ])('is in the language the appointment was booked in (%s), in business time', (locale, body) => {
    expect(smsOf(confirmed({ phone: '+79161234567', locale }))).toEqual({
      to: '+79161234567',
      body,
    });
  });

  it('uses the business time zone it is given, and English when the booking had no locale', () => {
    expect(smsOf(confirmed({ phone: '+79161234567', locale: 'ru-RU' }), 'Europe/Moscow')).toEqual({
      to: '+79161234567',
      body: 'Ваша запись подтверждена: воскресенье, 22 ноября, 13:00.',
    });
    expect(smsOf(confirmed({ phone: '+15555550123' }))).toEqual({
      to: '+15555550123',
      body: 'Your appointment on Sunday, November 22 at 11:00 AM is confirmed.',
    });
  });
});
