import { describe, expect, it } from 'vitest';
import { chatAdapter, maxChatBodyBytes } from '#shared/channels/chat.ts';
import { chatBodies, longTranscript, malformedChatBodies } from '#test/fixtures/channels/index.ts';
import { meta, reply } from './support.ts';

function parsed(body: string) {
  const result = chatAdapter.parse(body, meta);
  if (!result.ok) throw new Error(`expected a turn, got: ${result.problem}`);
  return result;
}

describe('chatAdapter.parse', () => {
  it('maps a turn, ignoring unknown fields and null slots', () => {
    expect(parsed(chatBodies.turn).turn).toEqual({
      channel: 'chat',
      sessionId: 'chat-1f2e3d',
      locale: 'pl-PL',
      inputMode: 'text',
      phase: 'fulfillment',
      intent: 'CheckOrderStatus',
      text: 'Gdzie jest moje zamówienie 12345?',
      slots: { orderNumber: '12345', count: '2', express: 'true' },
      confirmation: 'none',
      phone: '+48500100200',
      identity: 'claimed',
      sessionOwner: 'phone:+48500100200',
      correlationId: meta.correlationId,
      receivedAt: meta.receivedAt,
      deadline: meta.deadline,
    });
  });

  it('maps a poll and a confirmation', () => {
    expect(parsed(chatBodies.poll).turn).toMatchObject({
      phase: 'poll',
      locale: 'en-US',
      slots: {},
    });
    expect(parsed(chatBodies.confirm).turn).toMatchObject({
      locale: 'ru-RU',
      confirmation: 'confirmed',
      slots: { date: '2031-05-14' },
    });
    expect(parsed('{"sessionId":"s","action":"ended"}').turn.phase).toBe('ended');
  });

  it('caps long text, drops an unusable phone and maps an unknown locale to en-US', () => {
    const { turn } = parsed(
      JSON.stringify({
        sessionId: 's-1',
        text: longTranscript,
        phone: '500100200',
        locale: 'xx-YY',
      }),
    );
    expect(turn.text?.length).toBe(1024);
    expect(turn.phone).toBeUndefined();
    expect(turn.locale).toBe('en-US');
  });

  it('answers 400 for a body that is not JSON', () => {
    for (const body of ['', 'sessionId=chat-1', '{"sessionId":']) {
      expect(chatAdapter.parse(body, meta)).toMatchObject({
        ok: false,
        refusal: {
          statusCode: 400,
          body: { error: { code: 'invalid_json', message: expect.stringContaining('JSON') } },
        },
      });
    }
  });

  it('answers 422 naming the field that is wrong', () => {
    const message = (body: string) => {
      const result = chatAdapter.parse(body, meta);
      if (result.ok || result.refusal?.statusCode !== 422) throw new Error('expected 422');
      expect(result.refusal.body.error.code).toBe('invalid_request');
      return result.refusal.body.error.message;
    };
    expect(message('{"text":"hi"}')).toMatch(/^sessionId:/);
    expect(message('{"sessionId":"s","action":"jump"}')).toMatch(/^action:/);
    expect(message('{"sessionId":"s","slots":{"a":{"b":1}}}')).toMatch(/^slots\.a:/);
    expect(message('[]')).toMatch(/^body:/);
  });

  it('answers 413 for an oversized body', () => {
    const body = JSON.stringify({ sessionId: 's', text: 'x'.repeat(maxChatBodyBytes) });
    expect(chatAdapter.parse(body, meta)).toMatchObject({
      ok: false,
      refusal: { statusCode: 413, body: { error: { code: 'payload_too_large' } } },
    });
  });

  for (const { name, body } of malformedChatBodies) {
    it(`answers a 4xx with an error body: ${name}`, () => {
      const result = chatAdapter.parse(body, meta);
      if (result.ok) throw new Error('expected an error');
      expect([400, 422]).toContain(result.refusal?.statusCode);
      expect(result.refusal?.body.error.message).not.toBe('');
    });
  }
});

describe('chatAdapter.render and chatAdapter.apology', () => {
  const echo = { sessionId: 'chat-1f2e3d' };

  it('returns the session, outcome and text messages', () => {
    expect(
      chatAdapter.render(
        reply({
          outcome: 'pending',
          jobId: 'job-3',
          messages: [
            { text: 'One moment.', ssml: '<speak>One moment.</speak>' },
            { text: ' ', ssml: '' },
          ],
        }),
        echo,
      ),
    ).toEqual({
      sessionId: 'chat-1f2e3d',
      outcome: 'pending',
      locale: 'en-US',
      messages: [{ text: 'One moment.' }],
      jobId: 'job-3',
    });
    expect(
      chatAdapter.render(reply({ outcome: 'elicit', slotToElicit: 'orderNumber' }), echo),
    ).toMatchObject({
      outcome: 'elicit',
      slotToElicit: 'orderNumber',
    });
  });

  it('apologises in the caller language', () => {
    expect(chatAdapter.apology('zh-CN', echo)).toEqual({
      sessionId: 'chat-1f2e3d',
      outcome: 'failed',
      locale: 'zh-CN',
      messages: [{ text: '抱歉，我们这边出了点问题。请稍后再试。' }],
    });
  });
});
