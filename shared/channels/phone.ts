const e164 = /^\+[1-9]\d{6,14}$/;

/**
 * Channels hand us numbers as `+48 500 100 200`, `tel:+48500100200` or `0048500100200`. Without a
 * `+` or `00` the country is unknown, so such numbers are dropped rather than guessed: a wrong
 * number would identify the wrong customer. Never log the input or the result.
 */
export function normalizePhone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const compact = value
    .trim()
    .replace(/^tel:/i, '')
    .replace(/[\s().-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return e164.test(international) ? international : undefined;
}
