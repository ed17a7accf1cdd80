/**
 * What the engine keeps between turns: one session per channel conversation and one profile per
 * caller, shared by every channel. Both are validated on read because they outlive deploys.
 */
import * as z from 'zod';
import { type CustomerRecord, type PendingJobRef, supportedLocales } from './types.ts';

const outcomes = [
  'fulfilled',
  'failed',
  'elicit',
  'confirm',
  'pending',
  'handoff',
  'delegate',
] as const;

export const pendingJobRefSchema = z.object({
  jobId: z.string().min(1),
  skill: z.string().min(1),
  context: z.record(z.string(), z.unknown()),
});

export const sessionStateSchema = z.object({
  startedAt: z.number(),
  lastTurnAt: z.number(),
  intentsHandled: z.array(z.string()),
  /** Slots remembered per intent while that intent is still being filled. */
  slots: z.record(z.string(), z.record(z.string(), z.string())),
  /** Per-skill memory (`SkillContext.memory`). */
  memory: z.record(z.string(), z.record(z.string(), z.unknown())),
  /** Jobs of a caller with no known number; a known caller's jobs live on the profile. */
  pendingJobs: z.array(pendingJobRefSchema),
  lastOutcome: z.enum(outcomes).optional(),
  /** Once-per-conversation event types already sent (`conversation.ended`, hand-off). */
  emitted: z.array(z.string()),
  endedAt: z.number().optional(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const customerRecordSchema = z.object({
  phone: z.string().min(1),
  crmId: z.string().optional(),
  locale: z.enum(supportedLocales).optional(),
  pinFailures: z.number().int().min(0),
  lockedUntil: z.number().optional(),
});

export interface CustomerProfile {
  readonly record: CustomerRecord;
  /** Jobs started for this caller on any channel, so the next call anywhere speaks them. */
  readonly pendingJobs: readonly PendingJobRef[];
}

/** What a read found: `value` absent when nothing (valid) is stored. */
export interface Stored<T> {
  readonly value?: T;
  /** The version read; absent when no item exists, so the write must create it. */
  readonly version?: number;
}

export interface Versioned<T> {
  readonly value: T;
  readonly version?: number;
}

/** A partner event waiting to be told (`shared/events/dynamo-state-store.ts` writes it). */
export interface NewsItem {
  readonly entityKey: string;
  readonly eventId: string;
  readonly kind: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export const newsItemSchema = z.object({
  entityKey: z.string().min(1),
  eventId: z.string().min(1),
  kind: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const freshSession = (now: number): SessionState => ({
  startedAt: now,
  lastTurnAt: now,
  intentsHandled: [],
  slots: {},
  memory: {},
  pendingJobs: [],
  emitted: [],
});

export const freshProfile = (phone: string): CustomerProfile => ({
  record: { phone, pinFailures: 0 },
  pendingJobs: [],
});
