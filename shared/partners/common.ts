import * as z from 'zod';
import type { BreakerSettings, RetryPolicy } from '#shared/connectors/types.ts';

/** Defaults sized for a live voice turn (~3 s budget): few, short retries. */
export const turnRetry: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };
export const defaultBreaker: BreakerSettings = {
  failureThreshold: 5,
  windowMs: 30_000,
  openMs: 15_000,
};

export const e164Phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number');
export const money = z.object({ amount: z.number().int(), currency: z.string() });
/** Path segments come from callers (and bots): never let one escape its segment. */
export const segment = (value: string): string => encodeURIComponent(value);

/** Webhook fields: an ISO-8601 instant with its offset, and a phone as partners send it. */
export const isoTime = z.iso.datetime({ offset: true });
export const webhookPhone = z.string().min(3).max(32);
