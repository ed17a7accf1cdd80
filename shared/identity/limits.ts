/**
 * How much each customer may try and trigger, in one place. Windows are per customer across
 * every session and channel; counts are enforced by conditional writes
 * (`shared/state/verification-store.ts`).
 */
import type { SideEffect } from '#shared/conversation/types.ts';

const minute = 60_000;

export interface QuotaLimit {
  readonly max: number;
  readonly windowMs: number;
}

export interface IdentityLimits {
  /** Wrong PINs and codes that may reach a check per window; the lock lasts the window. */
  readonly attempts: QuotaLimit;
  /** How long a PIN or code check keeps a conversation verified. */
  readonly verificationTtlMs: number;
  /** How long a one-time code can be used. */
  readonly codeTtlMs: number;
  readonly sideEffects: Readonly<Record<SideEffect, QuotaLimit>>;
}

export const defaultIdentityLimits: IdentityLimits = {
  attempts: { max: 3, windowMs: 15 * minute },
  verificationTtlMs: 15 * minute,
  codeTtlMs: 5 * minute,
  sideEffects: {
    'payment-link': { max: 3, windowMs: 60 * minute },
    booking: { max: 3, windowMs: 24 * 60 * minute },
    'one-time-code': { max: 3, windowMs: 60 * minute },
  },
};

/** 1 s to 24 h; anything else means the default. */
function secondsInRange(value: string | undefined, fallbackMs: number): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) return fallbackMs;
  const seconds = Number(value);
  return seconds >= 1 && seconds <= 24 * 3600 ? seconds * 1000 : fallbackMs;
}

/** `VERIFICATION_TTL_SECONDS` shortens or lengthens how long a verification holds. */
export function identityLimitsFrom(
  env: Readonly<Record<string, string | undefined>>,
): IdentityLimits {
  return {
    ...defaultIdentityLimits,
    verificationTtlMs: secondsInRange(
      env.VERIFICATION_TTL_SECONDS,
      defaultIdentityLimits.verificationTtlMs,
    ),
  };
}
