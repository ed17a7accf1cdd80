import { describe, expect, it } from 'vitest';
import { personalDataIn } from '#test/support/log-scan.ts';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: 'turn',
    timestamp: '2026-11-30T19:00:00.000Z',
    ...fields,
  });

describe('the log scan', () => {
  it.each([
    ['+48500100200'],
    ['+48 500 100 200'],
    ['0048500100200'],
    ['tel:+48-500-100-200'],
    ['(500) 100-200'],
    ['+1 (555) 555-0123'],
    ['+44 20 7946 0958'],
  ])('finds the phone number %s', (phone) => {
    expect(personalDataIn(line({ caller: phone }))).toContain('phone number');
  });

  it('finds a secret value of the local secrets, an e-mail, a PIN field and a card number', () => {
    expect(
      personalDataIn(line({ auth: 'Bearer shop_dev_2288bb67a84d1d8713d61f58aa1fa49b' }))[0],
    ).toMatch(/^secret value sh…/);
    expect(personalDataIn(line({ note: 'write to jan.kowalski@example.pl' }))).toEqual([
      'e-mail address',
    ]);
    expect(personalDataIn(line({ slots: { pin: '4321' } }))).toEqual([
      'PIN, code or credential field',
    ]);
    expect(personalDataIn(line({ note: 'card 4111 1111 1111 1111' }))).toEqual(['card number']);
    expect(personalDataIn(line({ note: '4111-1111-1111-1111' }))).toEqual(['card number']);
  });

  it('leaves what logs legitimately hold alone', () => {
    const clean = line({
      correlationId: '3f1c8a2e-4b7d-4c3e-9a1f-2b6d8e0c4a7f',
      // Its digits and dashes alone would pass the card check: 3-7326-4457-9550-8007.
      requestId: '37e0e5b3-7326-4457-9550-8007cd55b83a',
      epochMs: 1_764_529_200_000,
      latencyMs: 12.5,
      orderNumber: '12345',
      eventId: 'evt_1764529200000_42',
      slots: { pin: '[redacted]' },
      phone: '+48*****200',
      errorCode: 'timeout',
    });
    expect(personalDataIn(clean)).toEqual([]);
  });
});
