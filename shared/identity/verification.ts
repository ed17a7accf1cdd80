/**
 * Proving who is speaking in the conversation: the CRM's PIN check, or a one-time code texted
 * to the customer's number. Attempts are taken from the customer's shared count before any
 * check is made; an unknown number is answered exactly like a wrong PIN, so nobody learns who
 * is a customer. PINs and codes are read from the turn and never kept, said or logged.
 */
import { createHash, randomInt } from 'node:crypto';
import type { SkillContext, SkillResult } from '#shared/conversation/types.ts';
import { render } from '#shared/i18n/render.ts';
import { elicit, partnerUnavailable, say } from '#shared/skills/support.ts';
import { foldText, parsePin } from '#shared/skills/text.ts';
import type { VerificationStore } from '#shared/state/verification-store.ts';
import type { IdentityLimits } from './limits.ts';

/** The slots a caller answers with; both are secrets the engine never remembers. */
export const pinSlot = 'pin';
export const codeSlot = 'code';
export const verificationSlots: ReadonlySet<string> = new Set([pinSlot, codeSlot]);

/** What a caller says instead of a PIN to get a code texted, in the four languages. */
const codeRequests = ['code', 'sms', 'text me', 'kod', 'код', 'смс', '验证码', '短信'];

export type VerificationMethod = 'pin' | 'code';

export interface VerificationDeps {
  readonly store: VerificationStore;
  readonly limits: IdentityLimits;
  /** Six digits; replaced in tests. */
  readonly newCode: () => string;
}

export type VerificationOutcome =
  | {
      readonly verified: true;
      readonly method: VerificationMethod;
      /** The number now proven. */
      readonly phone: string;
      readonly crmId?: string;
    }
  | { readonly verified: false; readonly result: SkillResult };

export const newSixDigitCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Binds a code to the conversation it was sent for: typed in another one, it does not match. */
export function codeDigest(sessionRef: string, code: string): string {
  return createHash('sha256').update(`${sessionRef}\n${code}`).digest('base64url');
}

const parseCode = (raw: string | undefined): string | undefined => {
  const digits = raw?.replace(/[\s-]/g, '');
  return digits !== undefined && /^\d{6}$/.test(digits) ? digits : undefined;
};

const asksForCode = (raw: string): boolean => {
  const folded = foldText(raw.trim());
  return codeRequests.some((word) => folded.includes(word));
};

const askPin = (): SkillResult => ({
  outcome: 'elicit',
  slotToElicit: pinSlot,
  messages: [say('loyalty.askPin'), say('identity.offerCode')],
});

const needPhone: SkillResult = { outcome: 'failed', messages: [say('identity.needPhone')] };
const locked: SkillResult = { outcome: 'handoff', messages: [say('loyalty.locked')] };

/** The dialog phase (no partner calls): only the shape of what the caller said is judged. */
export function checkVerificationSlots(context: SkillContext): SkillResult | undefined {
  if (context.turn.phone === undefined) return needPhone;
  const { code, pin } = context.slots;
  if (code !== undefined) {
    return parseCode(code) === undefined ? elicit(codeSlot, say('identity.codeFormat')) : undefined;
  }
  if (pin === undefined) return askPin();
  if (asksForCode(pin) || parsePin(pin) !== undefined) return undefined;
  return elicit(pinSlot, say('loyalty.pinFormat'));
}

interface Attempt {
  readonly phone: string;
  readonly context: SkillContext;
  readonly deps: VerificationDeps;
}

/** A wrong answer already counted: how many are left, or the lock and a person to talk to. */
function wrongAnswer(used: number, attempt: Attempt, slot: string): SkillResult {
  const attemptsLeft = attempt.deps.limits.attempts.max - used;
  if (attemptsLeft <= 0) return { outcome: 'handoff', messages: [say('loyalty.lockedNow')] };
  const key = slot === codeSlot ? 'identity.wrongCode' : 'loyalty.wrongPin';
  return elicit(slot, say(key, { attemptsLeft }), {});
}

async function reserve(attempt: Attempt): Promise<{ used: number } | SkillResult> {
  const { limits, store } = attempt.deps;
  const reservation = await store.reserveAttempt(attempt.phone, {
    ...limits.attempts,
    nowMs: attempt.context.now,
  });
  return reservation.granted ? { used: reservation.used } : locked;
}

async function checkPin(attempt: Attempt, pin: string): Promise<VerificationOutcome> {
  const { context, phone, deps } = attempt;
  const callPartner = context.callPartner;
  if (!callPartner) return { verified: false, result: partnerUnavailable() };
  const reserved = await reserve(attempt);
  if ('outcome' in reserved) return { verified: false, result: reserved };
  const found = await callPartner('crm', 'findCustomerByPhone', { phone });
  if (found.kind === 'failed' && found.error.code === 'not-found') {
    // Not a customer: the attempt stays counted and the answer is the wrong PIN's.
    return { verified: false, result: wrongAnswer(reserved.used, attempt, pinSlot) };
  }
  if (found.kind !== 'ok') {
    await deps.store.releaseAttempt(phone);
    return {
      verified: false,
      result: partnerUnavailable(found.kind === 'failed' ? found.error : undefined),
    };
  }
  const check = await callPartner('crm', 'verifyPin', { customerId: found.value.id, pin });
  if (check.kind !== 'ok') {
    // An unanswered check is not a wrong PIN: it gives the attempt back.
    await deps.store.releaseAttempt(phone);
    const result =
      check.kind === 'failed' && check.error.code === 'bad-request'
        ? elicit(pinSlot, say('loyalty.pinFormat'), {})
        : partnerUnavailable(check.kind === 'failed' ? check.error : undefined);
    return { verified: false, result };
  }
  if (!check.value.verified) {
    return { verified: false, result: wrongAnswer(reserved.used, attempt, pinSlot) };
  }
  await deps.store.clearAttempts(phone);
  return { verified: true, method: 'pin', phone, crmId: found.value.id };
}

async function checkCode(
  attempt: Attempt,
  code: string,
  sessionRef: string,
): Promise<VerificationOutcome> {
  const reserved = await reserve(attempt);
  if ('outcome' in reserved) return { verified: false, result: reserved };
  const { store } = attempt.deps;
  const taken = await store.takeCode(
    attempt.phone,
    codeDigest(sessionRef, code),
    attempt.context.now,
  );
  if (!taken) return { verified: false, result: wrongAnswer(reserved.used, attempt, codeSlot) };
  await store.clearAttempts(attempt.phone);
  return { verified: true, method: 'code', phone: attempt.phone };
}

/**
 * Texts a code when the number is a customer's. The answer is the same either way, and the
 * quota is taken either way, so the reply tells nothing about the number.
 */
async function sendCode(attempt: Attempt, sessionRef: string): Promise<SkillResult> {
  const { context, phone, deps } = attempt;
  const callPartner = context.callPartner;
  if (!callPartner) return partnerUnavailable();
  const quota = await deps.store.takeQuota(phone, 'one-time-code', {
    ...deps.limits.sideEffects['one-time-code'],
    nowMs: context.now,
  });
  if (!quota) return { outcome: 'failed', messages: [say('identity.codeLimit')] };
  const sent = elicit(codeSlot, say('identity.codeSent'), {});
  const found = await callPartner('crm', 'findCustomerByPhone', { phone });
  if (found.kind === 'failed' && found.error.code === 'not-found') return sent;
  if (found.kind !== 'ok') {
    return partnerUnavailable(found.kind === 'failed' ? found.error : undefined);
  }
  const code = deps.newCode();
  await deps.store.putCode(
    phone,
    { digest: codeDigest(sessionRef, code), validUntil: context.now + deps.limits.codeTtlMs },
    context.now,
  );
  const body = render(context.turn.locale, say('identity.smsCode', { code }), {
    now: context.now,
  }).text;
  const sms = await callPartner('sms', 'send', { to: phone, body });
  return sms.kind === 'ok'
    ? sent
    : partnerUnavailable(sms.kind === 'failed' ? sms.error : undefined);
}

/**
 * The fulfillment phase: checks the PIN or code the turn carries, texts a code when asked,
 * or asks for a PIN. `sessionRef` names this conversation, to which a code is bound.
 */
export async function verifyCaller(
  context: SkillContext,
  sessionRef: string,
  deps: VerificationDeps,
): Promise<VerificationOutcome> {
  const phone = context.turn.phone;
  if (phone === undefined) return { verified: false, result: needPhone };
  const attempt: Attempt = { phone, context, deps };
  const { code: rawCode, pin: rawPin } = context.slots;
  if (rawCode !== undefined) {
    const code = parseCode(rawCode);
    return code === undefined
      ? { verified: false, result: elicit(codeSlot, say('identity.codeFormat'), {}) }
      : checkCode(attempt, code, sessionRef);
  }
  if (rawPin === undefined) return { verified: false, result: askPin() };
  if (asksForCode(rawPin)) return { verified: false, result: await sendCode(attempt, sessionRef) };
  const pin = parsePin(rawPin);
  if (pin === undefined) {
    return { verified: false, result: elicit(pinSlot, say('loyalty.pinFormat'), {}) };
  }
  return checkPin(attempt, pin);
}
