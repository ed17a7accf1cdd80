import { describe, expect, it } from 'vitest';
import { handleTurn } from '#shared/conversation/engine.ts';
import type { PendingJobRef } from '#shared/conversation/types.ts';
import type { JobRecord } from '#shared/jobs/job.ts';
import { engineDeps, fakeSkill, said, turn } from './fakes.ts';

const phone = '+48500100200';

const order = () =>
  fakeSkill('CheckOrderStatus', {
    run: (context) => ({
      outcome: 'fulfilled',
      messages: [
        { key: 'order.shipped', params: { orderNumber: context.slots.orderNumber ?? '?' } },
      ],
    }),
  });

const job = (jobId: string, status: JobRecord['status'], result?: unknown): JobRecord => ({
  jobId,
  partner: 'calendar',
  operation: 'book',
  correlationId: 'corr-job',
  status,
  createdAt: 0,
  ...(result !== undefined && { result }),
});

function booking() {
  const pendingJob: PendingJobRef = {
    jobId: 'job-1',
    skill: 'BookAppointment',
    context: { date: '2026-11-23' },
  };
  return fakeSkill('BookAppointment', {
    run: () => ({ outcome: 'pending', messages: [], pendingJob }),
    speakJob: (finished, pending) => ({
      messages: [
        finished.status === 'succeeded'
          ? { key: 'appointment.booked', params: { date: String(pending.context.date) } }
          : { key: 'appointment.bookingFailed' },
      ],
      memory: { lastBooking: pending.jobId },
    }),
  });
}

describe('pending jobs', () => {
  it('says "one moment" at once, and the next turn on another channel speaks the result first', async () => {
    const { deps, jobs, memory } = engineDeps({ skills: [booking(), order()] });

    const first = await handleTurn(deps, turn({ intent: 'BookAppointment', phone }));
    expect(first).toMatchObject({ outcome: 'pending', jobId: 'job-1' });
    expect(said(first)).toEqual(['en-US:common.pending']);
    expect(memory.profiles.get(phone)?.value.pendingJobs).toEqual([
      expect.objectContaining({ jobId: 'job-1' }),
    ]);

    jobs.set('job-1', job('job-1', 'succeeded', { confirmed: true }));
    const next = await handleTurn(
      deps,
      turn({
        channel: 'connect',
        sessionId: 'contact-9',
        intent: 'CheckOrderStatus',
        slots: { orderNumber: '12345' },
        phone,
      }),
    );
    expect(said(next)).toEqual([
      'en-US:appointment.booked(date=2026-11-23)',
      'en-US:order.shipped(orderNumber=12345)',
    ]);
    expect(memory.profiles.get(phone)?.value.pendingJobs).toEqual([]);
    expect(memory.sessions.get('connect#contact-9')?.value.memory.BookAppointment).toEqual({
      lastBooking: 'job-1',
    });

    const again = await handleTurn(
      deps,
      turn({
        channel: 'connect',
        sessionId: 'contact-9',
        phone,
        intent: 'CheckOrderStatus',
        slots: { orderNumber: '1' },
      }),
    );
    expect(said(again)).toEqual(['en-US:order.shipped(orderNumber=1)']);
  });

  it('a poll says "still checking" while the job runs, then the result (no phone: kept on the session)', async () => {
    const { deps, jobs } = engineDeps({ skills: [booking()] });
    await handleTurn(deps, turn({ intent: 'BookAppointment' }));
    jobs.set('job-1', job('job-1', 'pending'));

    const waiting = await handleTurn(deps, turn({ phase: 'poll' }));
    expect(waiting).toMatchObject({ outcome: 'pending', jobId: 'job-1' });
    expect(said(waiting)).toEqual(['en-US:common.stillChecking']);

    jobs.set('job-1', { ...job('job-1', 'failed'), error: { code: 'timeout', message: 'late' } });
    const done = await handleTurn(deps, turn({ phase: 'poll' }));
    expect(done.outcome).toBe('fulfilled');
    expect(said(done)).toEqual(['en-US:appointment.bookingFailed']);

    const quiet = await handleTurn(deps, turn({ phase: 'poll' }));
    expect(quiet).toMatchObject({ outcome: 'fulfilled', messages: [] });
  });

  it('keeps a finished job from a dialog hook that delegates, and says it with a reply that plays', async () => {
    const { deps, jobs } = engineDeps({ skills: [booking(), order()] });
    await handleTurn(deps, turn({ intent: 'BookAppointment' }));
    jobs.set('job-1', job('job-1', 'succeeded', { confirmed: true }));

    const delegated = await handleTurn(deps, turn({ phase: 'dialog', intent: 'CheckOrderStatus' }));
    expect(delegated.outcome).toBe('delegate');
    expect(said(delegated)).toEqual([]);

    const fulfilled = await handleTurn(
      deps,
      turn({ intent: 'CheckOrderStatus', slots: { orderNumber: '12345' } }),
    );
    expect(said(fulfilled)).toEqual([
      'en-US:appointment.booked(date=2026-11-23)',
      'en-US:order.shipped(orderNumber=12345)',
    ]);
  });

  it('stops "still checking" once the job is past its answer time, with a definite answer', async () => {
    const now = Date.parse('2026-11-21T09:00:00Z');
    const { deps, jobs } = engineDeps({ skills: [booking()], now: () => now });
    await handleTurn(deps, turn({ intent: 'BookAppointment' }));
    jobs.set('job-1', { ...job('job-1', 'pending'), answerBy: now - 60_000 });
    const done = await handleTurn(deps, turn({ phase: 'poll' }));
    expect(done.outcome).toBe('fulfilled');
    expect(said(done)).toEqual(['en-US:common.jobGaveUp']);
    // A result that lands later is not told a second time.
    jobs.set('job-1', job('job-1', 'succeeded', { confirmed: true }));
    expect(said(await handleTurn(deps, turn({ phase: 'poll' })))).toEqual([]);
  });

  it('uses two store calls in a typical turn (one read, one write)', async () => {
    const { deps, memory } = engineDeps({ skills: [order()] });
    await handleTurn(deps, turn({ intent: 'CheckOrderStatus', phone }));
    expect(memory.calls).toEqual({ load: 1, save: 1, conflicts: 0 });
  });
});

describe('news', () => {
  const shipped = {
    entityKey: 'order#12345',
    eventId: 'evt-1',
    kind: 'order.shipped',
    params: { orderNumber: '12345' },
  };

  it('is told once, before the answer', async () => {
    const { deps, memory } = engineDeps({ skills: [order()] });
    memory.addNews(phone, shipped);
    const request = { intent: 'CheckOrderStatus', slots: { orderNumber: '777' }, phone };

    const first = await handleTurn(deps, turn(request));
    expect(said(first)).toEqual([
      'en-US:news.order.shipped(orderNumber=12345)',
      'en-US:order.shipped(orderNumber=777)',
    ]);
    const second = await handleTurn(deps, turn({ ...request, sessionId: 'session-2' }));
    expect(said(second)).toEqual(['en-US:order.shipped(orderNumber=777)']);
  });

  it('waits through the dialog phase and drops kinds the catalog cannot word', async () => {
    const { deps, memory } = engineDeps({ skills: [order()] });
    memory.addNews(phone, shipped);
    memory.addNews(phone, { ...shipped, entityKey: 'x#1', eventId: 'e2', kind: 'unknown.kind' });

    const dialog = await handleTurn(
      deps,
      turn({ phase: 'dialog', intent: 'CheckOrderStatus', phone }),
    );
    expect(said(dialog)).toEqual([]);
    expect(memory.news.get(phone)).toHaveLength(2);

    const fulfilled = await handleTurn(deps, turn({ intent: 'CheckOrderStatus', phone }));
    expect(said(fulfilled)).toEqual([
      'en-US:news.order.shipped(orderNumber=12345)',
      'en-US:order.shipped(orderNumber=?)',
    ]);
    expect(memory.news.get(phone)).toEqual([]);
  });
});

describe('optimistic locking', () => {
  it('re-applies the result to a fresh read without running the skill again', async () => {
    const pin = fakeSkill('LoyaltyBalance', {
      run: () => ({
        outcome: 'fulfilled',
        messages: [{ key: 'loyalty.balance' }],
        customer: { locale: 'pl-PL' },
        memory: { verified: true },
      }),
    });
    const { deps, memory } = engineDeps({ skills: [pin] });
    await handleTurn(deps, turn({ intent: 'LoyaltyBalance', phone }));

    memory.beforeNextSave(() => {
      // Another turn of the same session and a call on another channel write first.
      const session = memory.sessions.get('chat#session-1');
      const profile = memory.profiles.get(phone);
      if (!session || !profile) throw new Error('expected stored state');
      memory.sessions.set('chat#session-1', {
        value: { ...session.value, intentsHandled: [...session.value.intentsHandled, 'Other'] },
        version: session.version + 1,
      });
      memory.profiles.set(phone, {
        value: { ...profile.value, record: { ...profile.value.record, crmId: 'crm-7' } },
        version: profile.version + 1,
      });
    });
    const reply = await handleTurn(deps, turn({ intent: 'LoyaltyBalance', phone }));

    expect(said(reply)).toEqual(['en-US:loyalty.balance']);
    expect(pin.contexts).toHaveLength(2);
    expect(memory.calls.conflicts).toBe(1);
    expect(memory.sessions.get('chat#session-1')?.value.intentsHandled).toEqual([
      'LoyaltyBalance',
      'Other',
      'LoyaltyBalance',
    ]);
    expect(memory.profiles.get(phone)?.value.record).toEqual({
      phone,
      crmId: 'crm-7',
      locale: 'pl-PL',
    });
  });

  it('gives up after a bounded number of conflicts with an apology', async () => {
    const { deps, memory } = engineDeps({ skills: [order()] });
    const conflicting = {
      ...memory.store,
      save: async () => 'conflict' as const,
    };
    const reply = await handleTurn(
      { ...deps, store: conflicting },
      turn({ intent: 'CheckOrderStatus' }),
    );
    expect(reply).toMatchObject({ outcome: 'failed' });
    expect(said(reply)).toEqual(['en-US:common.apology']);
    expect(memory.calls.load).toBe(3);
  });
});

describe('bad input', () => {
  it('a skill that throws gets an apology, and nothing personal is logged', async () => {
    const broken = fakeSkill('LoyaltyBalance', {
      run: () => {
        throw new Error(`PIN 4321 rejected for ${phone}: "my pin is 4321"`);
      },
    });
    const { deps, log } = engineDeps({ skills: [broken] });
    const reply = await handleTurn(
      deps,
      turn({ intent: 'LoyaltyBalance', phone, text: 'my pin is 4321', slots: { pin: '4321' } }),
    );
    expect(reply).toMatchObject({ outcome: 'failed', intent: 'LoyaltyBalance' });
    expect(said(reply)).toEqual(['en-US:common.apology']);
    const logged = JSON.stringify(log.lines);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'skill failed' }),
    ]);
    expect(logged).not.toContain('4321');
    expect(logged).not.toContain('500100200');
  });

  it('a failing store still yields an apology, not an exception', async () => {
    const { deps, log } = engineDeps({ skills: [order()] });
    const reply = await handleTurn(
      {
        ...deps,
        store: {
          load: async () => {
            throw new Error(`throttled reading customer#${phone}`);
          },
          save: async () => 'saved',
        },
      },
      turn({ intent: 'CheckOrderStatus', phone }),
    );
    expect(reply).toMatchObject({
      outcome: 'failed',
      messages: [{ text: 'en-US:common.apology' }],
    });
    expect(JSON.stringify(log.lines)).not.toContain('500100200');
  });

  it('an unknown intent goes to the fallback skill; text can name a skill', async () => {
    const { deps, fallback } = engineDeps({ skills: [order()] });
    const unknown = await handleTurn(deps, turn({ intent: 'NoSuchIntent', text: 'sing a song' }));
    expect(unknown.intent).toBeUndefined();
    expect(said(unknown)).toEqual(['en-US:fallback.didNotUnderstand']);
    expect(fallback.contexts).toHaveLength(1);

    const matched = await handleTurn(deps, turn({ text: 'checkorderstatus' }));
    expect(matched.intent).toBe('CheckOrderStatus');

    // A platform intent no skill answers is not second-guessed from its words.
    const named = await handleTurn(deps, turn({ intent: 'OrderPizza', text: 'checkorderstatus' }));
    expect(named.intent).toBeUndefined();
    expect(said(named)).toEqual(['en-US:fallback.didNotUnderstand']);
  });
});

describe('phases and partners', () => {
  it('the dialog phase validates without callPartner; fulfillment gets one bound to the turn', async () => {
    const skill = fakeSkill('CheckOrderStatus', {
      validate: (context) => ({
        outcome: 'elicit',
        messages: [],
        slotToElicit: 'orderNumber',
        slots: context.slots,
      }),
      run: async (context) => {
        // @ts-expect-error an unknown partner does not compile; the engine still refuses one
        const result = await context.callPartner?.('nowhere', 'getOrder', { orderNumber: '1' });
        return { outcome: result?.kind === 'failed' ? 'failed' : 'fulfilled', messages: [] };
      },
    });
    const { deps, partnerLog } = engineDeps({ skills: [skill] });

    const dialog = await handleTurn(deps, turn({ phase: 'dialog', intent: 'CheckOrderStatus' }));
    expect(dialog).toMatchObject({ outcome: 'elicit', slotToElicit: 'orderNumber' });
    expect(skill.contexts[0]?.callPartner).toBeUndefined();

    const fulfillment = turn({ intent: 'CheckOrderStatus', correlationId: 'corr-fixed' });
    const reply = await handleTurn(deps, fulfillment);
    expect(reply.outcome).toBe('failed');
    expect(partnerLog.lines).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({
          partner: 'nowhere',
          correlationId: 'corr-fixed',
          errorCode: 'misconfigured',
        }),
      }),
    ]);
  });

  it('merges the turn slots over those remembered (never the PIN), and forgets them when done', async () => {
    const skill = fakeSkill('BookAppointment', {
      slots: ['date', 'time'],
      run: (context) =>
        context.slots.time
          ? { outcome: 'fulfilled', messages: [] }
          : { outcome: 'elicit', messages: [], slotToElicit: 'time' },
    });
    const { deps, memory } = engineDeps({ skills: [skill] });
    await handleTurn(
      deps,
      turn({ intent: 'BookAppointment', slots: { date: '2026-11-23', pin: '4321' } }),
    );
    expect(memory.sessions.get('chat#session-1')?.value.slots).toEqual({
      BookAppointment: { date: '2026-11-23' },
    });
    const reply = await handleTurn(
      deps,
      turn({ intent: 'BookAppointment', slots: { time: '10:00' } }),
    );
    expect(skill.contexts[1]?.slots).toEqual({ date: '2026-11-23', time: '10:00' });
    expect(reply.slots).toEqual({ date: '2026-11-23', time: '10:00' });
    expect(memory.sessions.get('chat#session-1')?.value.slots).toEqual({});
  });

  it('shares one customer record across channels (same phone, different sessions)', async () => {
    const lookup = fakeSkill('LoyaltyBalance', {
      run: (context) =>
        context.customer?.crmId
          ? {
              outcome: 'fulfilled',
              messages: [{ key: 'loyalty.balance', params: { crmId: context.customer.crmId } }],
            }
          : { outcome: 'elicit', messages: [], customer: { crmId: 'crm-1', locale: 'pl-PL' } },
    });
    const { deps } = engineDeps({ skills: [lookup] });
    await handleTurn(
      deps,
      turn({ channel: 'lex', sessionId: 'lex-1', intent: 'LoyaltyBalance', phone }),
    );
    const reply = await handleTurn(
      deps,
      turn({ channel: 'dialogflow-cx', sessionId: 'cx-1', intent: 'LoyaltyBalance', phone }),
    );
    expect(said(reply)).toEqual(['en-US:loyalty.balance(crmId=crm-1)']);
    expect(lookup.contexts[1]?.customer).toEqual({ phone, crmId: 'crm-1', locale: 'pl-PL' });
  });
});

describe('conversation events', () => {
  const start = Date.parse('2026-11-21T09:00:00Z');

  it('ended emits conversation.ended once, with the summary, and says goodbye', async () => {
    let now = start;
    const { deps, outbound } = engineDeps({ skills: [order()], now: () => now });
    await handleTurn(deps, turn({ intent: 'CheckOrderStatus', phone }));
    now = start + 95_000;
    const reply = await handleTurn(deps, turn({ phase: 'ended', phone }));
    await handleTurn(deps, turn({ phase: 'ended', phone }));

    expect(said(reply)).toEqual(['en-US:common.goodbye']);
    expect(outbound.sent).toEqual([
      {
        id: expect.stringMatching(/^evt_[0-9a-f]{40}$/),
        type: 'conversation.ended',
        occurredAt: '2026-11-21T09:01:35.000Z',
        data: {
          channel: 'chat',
          sessionId: 'session-1',
          locale: 'en-US',
          intentsHandled: ['CheckOrderStatus'],
          outcome: 'fulfilled',
          startedAt: '2026-11-21T09:00:00.000Z',
          endedAt: '2026-11-21T09:01:35.000Z',
          durationMs: 95_000,
        },
      },
    ]);
    expect(JSON.stringify(outbound.sent)).not.toContain('500100200');
  });

  it('a retried ended turn whose write failed re-sends the same event id', async () => {
    const { deps, outbound } = engineDeps({ skills: [] });
    const failingOnce = { ...deps.store, save: async () => 'conflict' as const };
    await handleTurn({ ...deps, store: failingOnce }, turn({ phase: 'ended' }));
    await handleTurn(deps, turn({ phase: 'ended' }));
    await handleTurn(deps, turn({ phase: 'ended' }));
    expect(outbound.sent.map((event) => event.type)).toEqual([
      'conversation.ended',
      'conversation.ended',
    ]);
    expect(outbound.sent[0]?.id).toBe(outbound.sent[1]?.id);
  });

  it("hand-off sends the skill's handoff.requested once, then conversation.ended, and no more", async () => {
    const agent = fakeSkill('TalkToAgent', {
      run: () => ({
        outcome: 'handoff',
        messages: [{ key: 'agent.transfer' }],
        events: [{ type: 'handoff.requested', data: { ticketId: 'T-1' } }],
      }),
    });
    const { deps, outbound } = engineDeps({ skills: [agent] });
    await handleTurn(deps, turn({ intent: 'TalkToAgent', channel: 'connect', sessionId: 'c-1' }));
    await handleTurn(deps, turn({ phase: 'ended', channel: 'connect', sessionId: 'c-1' }));

    expect(outbound.sent.map(({ type, data }) => ({ type, data }))).toEqual([
      { type: 'handoff.requested', data: { ticketId: 'T-1' } },
      {
        type: 'conversation.ended',
        data: expect.objectContaining({
          channel: 'connect',
          outcome: 'handoff',
          intentsHandled: ['TalkToAgent'],
        }),
      },
    ]);
  });

  it('hand-off without its own event gets handoff.requested with the summary', async () => {
    const agent = fakeSkill('TalkToAgent', { run: () => ({ outcome: 'handoff', messages: [] }) });
    const { deps, outbound } = engineDeps({ skills: [agent] });
    await handleTurn(deps, turn({ intent: 'TalkToAgent' }));
    expect(outbound.sent.map((event) => event.type)).toEqual([
      'handoff.requested',
      'conversation.ended',
    ]);
    expect(outbound.sent[0]?.data).toMatchObject({ outcome: 'handoff', channel: 'chat' });
  });

  it('other skill events get a distinct stable id each', async () => {
    const book = fakeSkill('BookAppointment', {
      run: () => ({
        outcome: 'fulfilled',
        messages: [],
        events: [{ type: 'appointment.booked', data: { date: '2026-11-23' } }],
      }),
    });
    const { deps, outbound } = engineDeps({ skills: [book] });
    await handleTurn(deps, turn({ intent: 'BookAppointment' }));
    await handleTurn(deps, turn({ intent: 'BookAppointment' }));
    expect(outbound.sent).toHaveLength(2);
    expect(outbound.sent[0]?.id).not.toBe(outbound.sent[1]?.id);
  });
});
