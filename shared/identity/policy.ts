/**
 * What each identity level may hear and trigger, decided here and nowhere else. A reference
 * number (an order) is enough for what it names; everything about a customer — their account,
 * news, jobs started in other conversations, texts to their phone, bookings in their name —
 * needs `verified`: a signed customer token, or a PIN or code checked in this conversation,
 * for this number, recently.
 */
import { createHash } from 'node:crypto';
import type { SessionVerification } from '#shared/conversation/state.ts';
import type {
  IdentityLevel,
  SideEffectQuota,
  Skill,
  SkillContext,
  SkillResult,
  Turn,
} from '#shared/conversation/types.ts';
import { checkVerificationSlots, type VerificationDeps, verifyCaller } from './verification.ts';

const digest = (text: string): string =>
  createHash('sha256').update(text).digest('base64url').slice(0, 32);

/**
 * Keys a conversation to the identity that opened it where the client picks the session id
 * (chat), so another identity reusing the id starts afresh and cannot touch the first one.
 * A digest, so no phone number or customer id ends up in a key.
 */
export const sessionScope = (turn: Pick<Turn, 'sessionOwner'>): string | undefined =>
  turn.sessionOwner === undefined ? undefined : digest(turn.sessionOwner);

/** Names one conversation, for binding verifications and one-time codes to it. */
export const sessionRef = (turn: Pick<Turn, 'channel' | 'sessionId' | 'sessionOwner'>): string =>
  digest(`${turn.channel}\n${turn.sessionId}\n${turn.sessionOwner ?? ''}`);

/** The number a verification was for, kept as a digest: session items never hold a phone. */
export const verifiedPhoneDigest = (turn: Turn, phone: string): string =>
  digest(`${sessionRef(turn)}\n${phone}`);

/**
 * A verification holds for the number it was made for, in the session it was made in, until it
 * expires; the session's own expiry being refreshed by every turn does not extend it.
 */
export function verificationHolds(
  verification: SessionVerification | undefined,
  turn: Turn,
  now: number,
  ttlMs: number,
): verification is SessionVerification {
  return (
    verification !== undefined &&
    turn.phone !== undefined &&
    verification.phoneDigest === verifiedPhoneDigest(turn, turn.phone) &&
    now < verification.at + ttlMs
  );
}

/** The channel's proof, raised to `verified` by a verification that still holds. */
export function effectiveIdentity(
  turn: Turn,
  verification: SessionVerification | undefined,
  now: number,
  ttlMs: number,
): IdentityLevel {
  if (turn.identity === 'verified' && turn.phone !== undefined) return 'verified';
  if (verificationHolds(verification, turn, now, ttlMs)) return 'verified';
  return turn.identity === 'verified' ? 'anonymous' : turn.identity;
}

export const mayUse = (skill: Pick<Skill, 'audience'>, level: IdentityLevel): boolean =>
  skill.audience === 'anyone' || level === 'verified';

/** Partner news is about the customer's orders, payments and appointments. */
export const mayHearNews = (level: IdentityLevel): boolean => level === 'verified';

/**
 * A job belongs to the conversation that started it; the customer's jobs from other
 * conversations (a booking made in chat, told on the next call) only to them, verified.
 */
export const mayHearCustomerJobs = (level: IdentityLevel): boolean => level === 'verified';

export type Admission =
  | {
      readonly admitted: true;
      /** Set when this turn verified the caller. */
      readonly verification?: SessionVerification;
      readonly crmId?: string;
    }
  | { readonly admitted: false; readonly result: SkillResult };

/**
 * Lets a turn reach a skill its identity allows; below that, runs the verification dialog
 * instead. The dialog phase never calls a partner, so it only checks the answer's shape.
 */
export async function admit(
  skill: Pick<Skill, 'audience'>,
  context: SkillContext,
  deps: VerificationDeps,
): Promise<Admission> {
  if (mayUse(skill, context.identity)) return { admitted: true };
  const { turn } = context;
  if (turn.phase === 'dialog') {
    const problem = checkVerificationSlots(context);
    return problem === undefined ? { admitted: true } : { admitted: false, result: problem };
  }
  const outcome = await verifyCaller(context, sessionRef(turn), deps);
  if (!outcome.verified) return { admitted: false, result: outcome.result };
  return {
    admitted: true,
    verification: {
      phoneDigest: verifiedPhoneDigest(turn, outcome.phone),
      method: outcome.method,
      at: context.now,
    },
    ...(outcome.crmId !== undefined && { crmId: outcome.crmId }),
  };
}

/** The verified customer's side-effect allowance, counted across sessions and channels. */
export function customerQuota(phone: string, now: number, deps: VerificationDeps): SideEffectQuota {
  return {
    async take(effect) {
      const limit = deps.limits.sideEffects[effect];
      const granted = await deps.store.takeQuota(phone, effect, { ...limit, nowMs: now });
      return granted ? 'granted' : 'limited';
    },
  };
}
