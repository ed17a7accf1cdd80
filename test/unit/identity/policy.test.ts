/** The identity policy as the engine applies it: one place decides what each level may hear. */
import { describe, expect, it } from 'vitest';
import { handleTurn } from '#shared/conversation/engine.ts';
import { freshSession } from '#shared/conversation/state.ts';
import type { Turn } from '#shared/conversation/types.ts';
import { defaultIdentityLimits } from '#shared/identity/limits.ts';
import { sessionScope, verifiedPhoneDigest } from '#shared/identity/policy.ts';
import { engineDeps, fakeSkill, said, turn } from '../conversation/fakes.ts';

const phone = '+48500100200';
const start = Date.parse('2026-11-21T09:00:00Z');
const shipped = {
  entityKey: 'order#10001',
  eventId: 'e1',
  kind: 'order.shipped',
  params: { orderNumber: '10001' },
};

const balance = () =>
  fakeSkill('CheckLoyaltyBalance', {
    audience: 'verified-customer',
    run: () => ({ outcome: 'fulfilled', messages: [{ key: 'loyalty.balance' }] }),
  });
const order = () =>
  fakeSkill('CheckOrderStatus', {
    run: () => ({ outcome: 'fulfilled', messages: [{ key: 'order.processing' }] }),
  });

/** A session that passed a PIN check `ago` ms before `start`, for the number in `verifiedAs`. */
function verifiedSession(memory: ReturnType<typeof engineDeps>['memory'], at: Turn, ago = 0) {
  memory.sessions.set(`${at.channel}#${at.sessionId}`, {
    value: {
      ...freshSession(start),
      verification: { phoneDigest: verifiedPhoneDigest(at, phone), method: 'pin', at: start - ago },
    },
    version: 1,
  });
}

describe('identity policy in the engine', () => {
  it('a claimed number hears no news and cannot reach a customer skill; the news stays', async () => {
    const skill = balance();
    const { deps, memory } = engineDeps({ skills: [skill, order()] });
    memory.addNews(phone, shipped);
    const claimed = { channel: 'lex' as const, phone, identity: 'claimed' as const };

    const asked = await handleTurn(deps, turn({ ...claimed, intent: 'CheckLoyaltyBalance' }));
    expect(asked).toMatchObject({ outcome: 'elicit', slotToElicit: 'pin' });
    expect(skill.contexts).toEqual([]);
    const open = await handleTurn(deps, turn({ ...claimed, intent: 'CheckOrderStatus' }));
    expect(said(open)).toEqual(['en-US:order.processing']);
    expect(memory.news.get(phone)).toHaveLength(1);

    const verified = await handleTurn(
      deps,
      turn({ phone, identity: 'verified', intent: 'CheckOrderStatus' }),
    );
    expect(said(verified)).toEqual([
      'en-US:news.order.shipped(orderNumber=10001)',
      'en-US:order.processing',
    ]);
  });

  it('a customer’s jobs from other conversations are told only to them, verified', async () => {
    const { deps, memory, jobs } = engineDeps({
      skills: [
        fakeSkill('BookAppointment', {
          speakJob: () => ({ messages: [{ key: 'appointment.booked' }] }),
        }),
      ],
    });
    memory.profiles.set(phone, {
      value: {
        record: { phone },
        pendingJobs: [{ jobId: 'job-1', skill: 'BookAppointment', context: {} }],
      },
      version: 1,
    });
    jobs.set('job-1', {
      jobId: 'job-1',
      partner: 'calendar',
      operation: 'createAppointment',
      correlationId: 'c',
      status: 'succeeded',
      result: {},
    } as never);
    const claimed = await handleTurn(deps, turn({ phone, identity: 'carrier', phase: 'poll' }));
    expect(said(claimed)).toEqual([]);
    const verified = await handleTurn(
      deps,
      turn({ sessionId: 's-2', phone, identity: 'verified', phase: 'poll' }),
    );
    expect(said(verified)).toEqual(['en-US:appointment.booked']);
  });

  it('a verification holds for its number and its time only, and is then forgotten', async () => {
    let now = start;
    const skill = balance();
    const { deps, memory } = engineDeps({ skills: [skill], now: () => now });
    const asLex = turn({ channel: 'lex', sessionId: 'lex-1', phone, identity: 'claimed' });
    verifiedSession(memory, asLex);

    const held = await handleTurn(deps, { ...asLex, intent: 'CheckLoyaltyBalance' });
    expect(held.outcome).toBe('fulfilled');

    const otherNumber = await handleTurn(deps, {
      ...asLex,
      phone: '+15555550123',
      intent: 'CheckLoyaltyBalance',
    });
    expect(otherNumber).toMatchObject({ outcome: 'elicit', slotToElicit: 'pin' });
    expect(memory.sessions.get('lex#lex-1')?.value.verification).toBeUndefined();

    verifiedSession(memory, asLex);
    now = start + defaultIdentityLimits.verificationTtlMs;
    const expired = await handleTurn(deps, { ...asLex, intent: 'CheckLoyaltyBalance' });
    expect(expired).toMatchObject({ outcome: 'elicit', slotToElicit: 'pin' });
    expect(memory.sessions.get('lex#lex-1')?.value.verification).toBeUndefined();
  });

  it('keeps a chat session apart per owner, so another identity starts afresh', async () => {
    const { deps, memory } = engineDeps({ skills: [order()] });
    await handleTurn(deps, turn({ sessionOwner: 'customer:C-1', intent: 'CheckOrderStatus' }));
    await handleTurn(deps, turn({ sessionOwner: 'anonymous', intent: 'CheckOrderStatus' }));
    const keys = [...memory.sessions.keys()];
    expect(keys).toEqual([
      `chat#session-1#${sessionScope({ sessionOwner: 'customer:C-1' })}`,
      `chat#session-1#${sessionScope({ sessionOwner: 'anonymous' })}`,
    ]);
    expect(keys.join()).not.toContain('C-1');
  });

  it('never remembers, writes back or logs a PIN or code, and asks channels to forget it', async () => {
    const { deps, memory, log } = engineDeps({ skills: [balance()] });
    const reply = await handleTurn(
      deps,
      turn({
        channel: 'lex',
        phone,
        identity: 'claimed',
        intent: 'CheckLoyaltyBalance',
        slots: { pin: '4321', code: '135790' },
      }),
    );
    expect(reply.forgetSlots).toEqual(['pin', 'code']);
    const everything = JSON.stringify([reply, [...memory.sessions.values()], log.lines]);
    expect(everything).not.toContain('4321');
    expect(everything).not.toContain('135790');
  });
});
