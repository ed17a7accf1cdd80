/**
 * The log scan of the break-it suites: finds secret values, PINs and codes, phone numbers in any
 * spelling, e-mail addresses and card numbers in a log line. Findings name the kind and a masked
 * sample, never the value itself, so a failing scan does not leak what it caught.
 */
import { readFileSync } from 'node:fs';

/** Fields that name an account rather than prove it: they may appear in a log line. */
const identifierFields = new Set(['username', 'clientId', 'keyId']);

function leafStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([field, inner]) =>
    identifierFields.has(field) ? [] : leafStrings(inner),
  );
}

/** Every credential of the local secrets file (keys, tokens, signing secrets). */
const secretValues = leafStrings(
  JSON.parse(
    readFileSync(new URL('../../infra/local/secrets.json', import.meta.url), 'utf8'),
  ) as unknown,
).filter((value) => value.length >= 8);

/** Numbers the seed data, fixtures and tests use for callers, in E.164. */
const knownPhones = [
  '+48500100200',
  '+15555550123',
  '+15555550199',
  '+8613800138000',
  '+79161234567',
  '+48221234567',
];

/**
 * The national part of a known number with any separators between its digits, so
 * `+48 500-100-200`, `0048500100200`, `(500) 100 200` and `tel:+48500100200` all match.
 */
const knownPhonePatterns = knownPhones.map((phone) => {
  const national = phone.slice(-9).split('');
  return new RegExp(`${national.join('[\\s().\\-]*')}(?!\\d)`);
});
const internationalPhone = /(?<![\w+])\+\d(?:[\s().-]*\d){7,14}(?!\d)/;
const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
/** Fields that only ever hold a PIN, a one-time code or a credential. */
const sensitiveField =
  /"(?:pin|otp|verificationCode|oneTimeCode|password|clientSecret|apiKey|authorization|token)"\s*:\s*"(?!\[redacted\]|\*+")[^"]+"/i;
/** Digits, single spaces or dashes between them, not part of a longer word (a UUID, an id). */
const cardCandidate = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Visa, Mastercard, American Express, Discover, JCB and UnionPay prefixes. */
const cardIssuerPrefix = /^(?:4|5[1-5]|2[2-7]|3[47]|35|6)/;

/**
 * A card number: 15–19 digits with an issuer's prefix, Luhn-valid (13-digit runs are epoch
 * milliseconds in logs; the prefix keeps large ids and counters out).
 */
function hasCardNumber(line: string): boolean {
  for (const match of line.matchAll(cardCandidate)) {
    const digits = match[0].replaceAll(/\D/g, '');
    if (digits.length < 15 || digits.length > 19) continue;
    if (cardIssuerPrefix.test(digits) && luhnValid(digits)) return true;
  }
  return false;
}

const mask = (text: string) => `${text.slice(0, 2)}…(${text.length} chars)`;

/** What personal or secret data `line` holds; empty when it is clean. */
export function personalDataIn(line: string): string[] {
  const findings: string[] = [];
  for (const secret of secretValues) {
    if (line.includes(secret)) findings.push(`secret value ${mask(secret)}`);
  }
  if (knownPhonePatterns.some((pattern) => pattern.test(line)) || internationalPhone.test(line)) {
    findings.push('phone number');
  }
  if (email.test(line)) findings.push('e-mail address');
  if (sensitiveField.test(line)) findings.push('PIN, code or credential field');
  if (hasCardNumber(line)) findings.push('card number');
  return findings;
}

/** Log lines as Powertools writes them: one JSON document with a level. */
export function isLogLine(text: string): boolean {
  return text.startsWith('{') && /"level"\s*:/.test(text);
}

/** Every finding in `lines`, as `<finding> in "<message>"`, for an assertion message. */
export function scanLogLines(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const findings = personalDataIn(line);
    if (findings.length === 0) return [];
    const message = /"message"\s*:\s*"([^"]{0,80})/.exec(line)?.[1] ?? '';
    return findings.map((finding) => `${finding} in a log line "${message}"`);
  });
}

/** Lines seen in this test file, whether a test captured them or they reached the console. */
export const seenLogLines: string[] = [];

export function recordLogLine(text: unknown): void {
  if (typeof text !== 'string') return;
  // Dev mode pretty-prints one document over many lines; production writes one per line.
  const documents = isLogLine(text.trimStart()) ? [text.trim()] : text.split('\n');
  for (const document of documents) {
    if (isLogLine(document)) seenLogLines.push(document.replaceAll(/\n\s*/g, ' '));
  }
}
