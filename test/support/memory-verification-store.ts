/** The verification store's rules over Maps: attempts in a window, one code, quotas per window. */
import type { VerificationStore } from '#shared/state/verification-store.ts';

export function memoryVerificationStore(): VerificationStore & {
  readonly attempts: Map<string, { count: number; windowEndsAt: number }>;
  readonly codes: Map<string, { digest: string; validUntil: number }>;
} {
  const attempts = new Map<string, { count: number; windowEndsAt: number }>();
  const codes = new Map<string, { digest: string; validUntil: number }>();
  const quotas = new Map<string, number>();
  return {
    attempts,
    codes,
    async reserveAttempt(phone, window) {
      const current = attempts.get(phone);
      if (current === undefined || current.windowEndsAt <= window.nowMs) {
        attempts.set(phone, { count: 1, windowEndsAt: window.nowMs + window.windowMs });
        return { granted: true, used: 1 };
      }
      if (current.count >= window.max) return { granted: false, lockedUntil: current.windowEndsAt };
      current.count += 1;
      return { granted: true, used: current.count };
    },
    async releaseAttempt(phone) {
      const current = attempts.get(phone);
      if (current && current.count > 0) current.count -= 1;
    },
    async clearAttempts(phone) {
      attempts.delete(phone);
    },
    async putCode(phone, code) {
      codes.set(phone, { ...code });
    },
    async takeCode(phone, digest, nowMs) {
      const code = codes.get(phone);
      if (code === undefined || code.digest !== digest || code.validUntil <= nowMs) return false;
      codes.delete(phone);
      return true;
    },
    async takeQuota(phone, effect, window) {
      const key = `${phone}#${effect}#${Math.floor(window.nowMs / window.windowMs)}`;
      const used = quotas.get(key) ?? 0;
      if (used >= window.max) return false;
      quotas.set(key, used + 1);
      return true;
    },
  };
}
