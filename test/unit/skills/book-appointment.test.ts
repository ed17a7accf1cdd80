import { describe, expect, it } from 'vitest';
import { render } from '#shared/i18n/index.ts';
import { bookAppointment } from '#shared/skills/book-appointment.ts';
import { failed, fakePartners, now, ok, pending, skillContext } from './fakes.ts';

/** Free slots on 2025-06-11 (09:00–12:00 UTC = 11:00–14:00 in Warsaw). */
const freeSlots = ['09', '10', '11', '12'].map((hour) => ({
  id: `slot_20250611T${hour}00Z`,
  start: `2025-06-11T${hour}:00:00.000Z`,
  end: 'x',
  advisor: 'Marta Nowak',
}));

const appointment = {
  id: 'apt_1',
  slotId: 'slot_20250611T0900Z',
  start: '2025-06-11T09:00:00.000Z',
  end: '2025-06-11T10:00:00.000Z',
  advisor: 'Marta Nowak',
  service: 'consultation',
  status: 'pending',
};

function calendar(booking = () => pending('job-7')) {
  return fakePartners({
    'calendar.listSlots': () => ok({ timeZone: 'UTC', slots: freeSlots }),
    'calendar.createAppointment': booking,
    'crm.findCustomerByPhone': () => failed('not-found'),
  });
}

describe('BookAppointment', () => {
  it.each([
    [
      'en-US',
      'tomorrow',
      '2 pm',
      '2025-06-11T12:00:00.000Z',
      'Shall I book you in tomorrow at 2:00 PM?',
    ],
    [
      'en-US',
      'tomorrow',
      '3 p.m.',
      '2025-06-11T13:00:00.000Z',
      'Shall I book you in tomorrow at 3:00 PM?',
    ],
    [
      'en-US',
      'tomorrow',
      '4pm',
      '2025-06-11T14:00:00.000Z',
      'Shall I book you in tomorrow at 4:00 PM?',
    ],
    [
      'en-US',
      'tomorrow',
      'at 2',
      '2025-06-11T12:00:00.000Z',
      'Shall I book you in tomorrow at 2:00 PM?',
    ],
    [
      'pl-PL',
      'jutro',
      'czternasta',
      '2025-06-11T12:00:00.000Z',
      'Czy mam zarezerwować wizytę na jutro o 14:00?',
    ],
    [
      'pl-PL',
      'w piątek',
      'o drugiej',
      '2025-06-13T12:00:00.000Z',
      'Czy mam zarezerwować wizytę na 13 czerwca o 14:00?',
    ],
    [
      'ru-RU',
      'завтра',
      'два часа дня',
      '2025-06-11T12:00:00.000Z',
      'Записать вас на завтра в 14:00?',
    ],
    [
      'ru-RU',
      '12 июня',
      'в половине третьего',
      '2025-06-12T12:30:00.000Z',
      'Записать вас на 12 июня в 14:30?',
    ],
    ['zh-CN', '明天', '下午两点', '2025-06-11T12:00:00.000Z', '要为您预约明天14:00吗？'],
    ['zh-CN', '下周一', '上午十点半', '2025-06-16T08:30:00.000Z', '要为您预约6月16日10:30吗？'],
  ] as const)('%s reads "%s" "%s" as a daytime appointment', (locale, date, time, start, words) => {
    const asked = bookAppointment.validate(
      skillContext({ phase: 'dialog', slots: { date, time } }),
    );
    expect(asked).toMatchObject({
      outcome: 'confirm',
      messages: [{ key: 'appointment.confirm', params: { start } }],
    });
    const [message] = asked.messages;
    expect(message && render(locale, message, { now }).text).toBe(words);
  });

  it('keeps a 24-hour "02:00" at night, so it is refused as a past time today', () => {
    expect(
      bookAppointment.validate(
        skillContext({ phase: 'dialog', slots: { date: 'today', time: '02:00' } }),
      ),
    ).toMatchObject({ outcome: 'elicit', messages: [{ key: 'appointment.timePassed' }] });
  });

  it.each([
    [{}, 'date', 'appointment.askDate'],
    [{ date: 'someday' }, 'date', 'appointment.invalidDate'],
    [{ date: '2025-06-01' }, 'date', 'appointment.pastDate'],
    [{ date: 'tomorrow' }, 'time', 'appointment.askTime'],
    [{ date: 'tomorrow', time: 'teatime' }, 'time', 'appointment.invalidTime'],
    [{ date: 'today', time: '08:00' }, 'time', 'appointment.timePassed'],
  ])('validates %j in the dialog phase', (slots, slot, key) => {
    const result = bookAppointment.validate(skillContext({ phase: 'dialog', slots }));
    expect(result).toMatchObject({ outcome: 'elicit', slotToElicit: slot, messages: [{ key }] });
  });

  it('asks for confirmation with normalised slots, then delegates once confirmed', () => {
    const slots = { date: 'jutro', time: '11' };
    const asked = bookAppointment.validate(skillContext({ phase: 'dialog', slots }));
    expect(asked).toEqual({
      outcome: 'confirm',
      messages: [{ key: 'appointment.confirm', params: { start: '2025-06-11T09:00:00.000Z' } }],
      slots: { date: '2025-06-11', time: '11:00' },
    });
    const [message] = asked.messages;
    expect(message && render('pl-PL', message, { now }).text).toBe(
      'Czy mam zarezerwować wizytę na jutro o 11:00?',
    );
    expect(
      bookAppointment.validate(skillContext({ phase: 'dialog', slots, confirmation: 'confirmed' }))
        .outcome,
    ).toBe('delegate');
  });

  it('never books before confirmation, and cancels politely when denied', async () => {
    const partners = calendar();
    const slots = { date: '2025-06-11', time: '11:00' };
    const unconfirmed = await bookAppointment.run(
      skillContext({ slots, callPartner: partners.callPartner }),
    );
    expect(unconfirmed.outcome).toBe('confirm');
    const denied = await bookAppointment.run(
      skillContext({ slots, confirmation: 'denied', callPartner: partners.callPartner }),
    );
    expect(denied).toMatchObject({
      outcome: 'failed',
      messages: [{ key: 'appointment.declined' }],
    });
    expect(partners.calls).toEqual([]);
  });

  it('reads the date and time in the business time zone', async () => {
    // 05:00 in New York (EDT, UTC−4) is the 09:00 UTC slot; in Warsaw it would be 03:00 UTC.
    const partners = calendar();
    const result = await bookAppointment.run(
      skillContext({
        slots: { date: '2025-06-11', time: '05:00' },
        confirmation: 'confirmed',
        callPartner: partners.callPartner,
        timeZone: 'America/New_York',
      }),
    );
    expect(result).toMatchObject({
      outcome: 'pending',
      pendingJob: { context: { start: '2025-06-11T09:00:00.000Z' } },
    });
    expect(partners.calls.at(-1)?.input).toMatchObject({ slotId: 'slot_20250611T0900Z' });
  });

  it('books the slot; a slow calendar leaves a job that speakJob words with an event', async () => {
    const partners = calendar();
    const context = skillContext({
      slots: { date: '2025-06-11', time: '11:00' },
      confirmation: 'confirmed',
      callPartner: partners.callPartner,
    });
    const result = await bookAppointment.run(context);
    expect(result).toMatchObject({
      outcome: 'pending',
      messages: [{ key: 'appointment.booking' }],
      pendingJob: {
        jobId: 'job-7',
        skill: 'BookAppointment',
        context: { start: '2025-06-11T09:00:00.000Z' },
      },
    });
    expect(partners.calls.at(-1)?.input).toEqual({
      slotId: 'slot_20250611T0900Z',
      service: 'consultation',
      // The calendar keeps the locale, so its confirmation webhook can text in the caller's language.
      customer: { name: 'Phone caller', phone: '+48500100200', locale: 'en-US' },
    });
    const pendingJob = result.pendingJob;
    if (!pendingJob || !bookAppointment.speakJob) throw new Error('expected a pending job');
    const done = bookAppointment.speakJob(
      { status: 'succeeded', result: appointment },
      pendingJob,
      context,
    );
    const [message] = done.messages;
    expect(message && render('en-US', message, { now }).text).toBe(
      "You're booked tomorrow at 11:00 AM with Marta Nowak. See you then!",
    );
    expect(done.events).toEqual([
      expect.objectContaining({
        type: 'appointment.booked',
        data: expect.objectContaining({ appointmentId: 'apt_1' }),
      }),
    ]);
    const lost = bookAppointment.speakJob(
      { status: 'failed', errorCode: 'conflict' },
      pendingJob,
      context,
    );
    expect(lost).toEqual({ messages: [{ key: 'appointment.slotTaken' }] });
    const broken = bookAppointment.speakJob(
      { status: 'failed', errorCode: 'timeout' },
      pendingJob,
      context,
    );
    expect(broken).toEqual({ messages: [{ key: 'appointment.bookingFailed' }] });
  });

  it('books at once when the calendar is quick, emitting appointment.booked', async () => {
    const partners = calendar(() => ok(appointment));
    const result = await bookAppointment.run(
      skillContext({
        slots: { date: '2025-06-11', time: '11:00' },
        confirmation: 'confirmed',
        callPartner: partners.callPartner,
      }),
    );
    expect(result.outcome).toBe('fulfilled');
    expect(result.events?.[0]?.type).toBe('appointment.booked');
    expect(JSON.stringify(result.events)).not.toContain('+48500100200');
  });

  it('offers the nearest free times when the asked one is taken', async () => {
    const partners = calendar();
    const result = await bookAppointment.run(
      skillContext({
        slots: { date: '2025-06-11', time: '16:00' },
        confirmation: 'confirmed',
        callPartner: partners.callPartner,
      }),
    );
    expect(result).toMatchObject({ outcome: 'elicit', slotToElicit: 'time' });
    expect(result.messages[0]?.params?.alternatives).toBe(
      '2025-06-11T10:00:00.000Z,2025-06-11T11:00:00.000Z,2025-06-11T12:00:00.000Z',
    );
  });

  it('apologises when the calendar fails, and needs a phone number', async () => {
    const down = fakePartners({ 'calendar.listSlots': () => failed('unavailable') });
    const slots = { date: '2025-06-11', time: '11:00' };
    expect(
      await bookAppointment.run(
        skillContext({ slots, confirmation: 'confirmed', callPartner: down.callPartner }),
      ),
    ).toMatchObject({ outcome: 'failed', messages: [{ key: 'common.partnerUnavailable' }] });
    expect(
      await bookAppointment.run(
        skillContext({
          slots,
          confirmation: 'confirmed',
          phone: null,
          callPartner: down.callPartner,
        }),
      ),
    ).toMatchObject({ outcome: 'failed', messages: [{ key: 'appointment.needPhone' }] });
  });
});
