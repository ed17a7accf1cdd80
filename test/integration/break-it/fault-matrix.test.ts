/**
 * The fault matrix: every kind of fault the demo partner can inject, on every system at once,
 * against every skill on the channels. Each turn must come back as the channel's own answer in
 * the caller's language: never a Lambda error or timeout, never an HTTP 5xx, never the generic
 * apology of a turn that crashed. Being "within the deadline" is read from that outcome (the
 * handler answered inside its budget instead of being cut off), not from a stopwatch.
 *
 * By default each fault × skill pair runs on one channel, rotating so every fault and every skill
 * meets every channel; `BREAK_IT_FULL=1` runs the whole fault × skill × channel matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInSpeech } from '#shared/channels/speech.ts';
import type { Locale } from '#shared/conversation/types.ts';
import { control } from '../demo-partner/support.ts';
import { demoPartnerUrl } from '../webhooks/support.ts';
import { type Channel, channels, closeBreakers, sendTurn } from './channels.ts';

const systems = ['shop', 'crm', 'calendar', 'payments', 'sms', 'tickets'];

/** Beyond every budget of the integration runtime, even with its partner timeouts scaled. */
const faults: ReadonlyArray<{ name: string; spec: Record<string, unknown> }> = [
  { name: 'latency 10 s', spec: { latencyMs: 10_000 } },
  { name: 'hang', spec: { hang: true } },
  { name: '500', spec: { status: 500 } },
  { name: '503', spec: { status: 503 } },
  { name: '429 Retry-After 30', spec: { status: 429, retryAfterSeconds: 30 } },
  { name: '401', spec: { status: 401 } },
  { name: 'malformed body', spec: { body: 'malformed' } },
  { name: 'schema-violating body', spec: { body: 'invalid' } },
];

/** A Russian customer of the demo CRM, whom no other suite locks out with wrong PINs. */
const customer = { phone: '+79161234567', pin: '1357' };
const runTag = Date.now().toString().slice(-7);

const skills: ReadonlyArray<{ intent: string; slots: (turn: number) => Record<string, string> }> = [
  { intent: 'CheckOrderStatus', slots: (turn) => ({ orderNumber: `6${runTag}${turn}` }) },
  { intent: 'CheckLoyaltyBalance', slots: () => ({ pin: customer.pin }) },
  { intent: 'BookAppointment', slots: () => ({ date: '2031-05-14', time: '14:00' }) },
  { intent: 'SendPaymentLink', slots: () => ({}) },
  { intent: 'TalkToAgent', slots: () => ({}) },
  { intent: 'CheckStoreHours', slots: () => ({ city: 'Boston' }) },
  { intent: 'FallbackIntent', slots: () => ({}) },
];

/** Non-Latin scripts, so an English answer cannot pass for a localized one. */
const locales: ReadonlyArray<{ locale: Locale; script: RegExp }> = [
  { locale: 'ru-RU', script: /[А-Яа-яЁё]/ },
  { locale: 'zh-CN', script: /[\u4e00-\u9fff]/ },
];

const fullMatrix = process.env.BREAK_IT_FULL === '1';

interface Cell {
  readonly fault: (typeof faults)[number];
  readonly skill: (typeof skills)[number];
  readonly channel: Channel;
  readonly locale: (typeof locales)[number];
}

const cells: Cell[] = faults.flatMap((fault, faultIndex) =>
  skills.flatMap((skill, skillIndex) => {
    const chosen = fullMatrix
      ? channels
      : [channels[(faultIndex + skillIndex) % channels.length] as Channel];
    return chosen.map((channel) => ({
      fault,
      skill,
      channel,
      locale: locales[(faultIndex + skillIndex) % locales.length] ?? locales[0],
    })) as Cell[];
  }),
);

beforeAll(async () => {
  await control(demoPartnerUrl(), 'POST', 'reset');
  await closeBreakers();
});

afterAll(async () => {
  await control(demoPartnerUrl(), 'DELETE', 'faults');
  await closeBreakers();
});

describe('every partner fault yields a localized answer within the channel deadline', () => {
  describe.each(faults)('$name on every system', (fault) => {
    const row = cells.filter((cell) => cell.fault === fault);

    it(`${row.length} skill × channel turns`, async () => {
      await closeBreakers();
      await control(demoPartnerUrl(), 'DELETE', 'faults');
      for (const system of systems) {
        const added = await control(demoPartnerUrl(), 'POST', 'faults', {
          target: system,
          ...fault.spec,
        });
        expect(added.status).toBe(201);
      }
      try {
        const answers = await Promise.all(
          row.map((cell, index) =>
            sendTurn({
              channel: cell.channel,
              sessionId: `fault-${runTag}-${faults.indexOf(fault)}-${index}`,
              locale: cell.locale.locale,
              intent: cell.skill.intent,
              slots: cell.skill.slots(index),
              phone: customer.phone,
            }),
          ),
        );
        const problems = answers.flatMap((answer, index) => {
          const cell = row[index] as Cell;
          const where = `${cell.skill.intent} on ${cell.channel} (${cell.locale.locale})`;
          const apology = builtInSpeech('apology', cell.locale.locale).text;
          if (answer.status !== 200) return [`${where}: ${answer.status}`];
          if (answer.text.trim() === '') return [`${where}: nothing said`];
          if (!cell.locale.script.test(answer.text)) return [`${where}: not localized`];
          if (answer.text.includes(apology)) return [`${where}: the generic apology`];
          if (answer.locale !== undefined && answer.locale !== cell.locale.locale) {
            return [`${where}: answered in ${answer.locale}`];
          }
          return [];
        });
        expect(problems).toEqual([]);
      } finally {
        await control(demoPartnerUrl(), 'DELETE', 'faults');
      }
    });
  });
});
