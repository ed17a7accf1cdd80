/**
 * What the engine keeps between turns: one session per channel conversation and one profile per
 * caller, shared by every channel, and the store it keeps them in. Both are validated on read
 * because they outlive deploys.
 */
import * as z from 'zod';
import {
  type ChannelName,
  type CustomerRecord,
  type PendingJobRef,
  supportedLocales,
} from './types.ts';

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

/** A PIN or code check passed in this session: for which number (a digest) and when. */
export const sessionVerificationSchema = z.object({
  phoneDigest: z.string().min(1),
  method: z.enum(['pin', 'code']),
  at: z.number(),
});
export type SessionVerification = z.infer<typeof sessionVerificationSchema>;

/**
 * The question the bot last asked: a slot of `intent`, or a yes/no about it (`skill`: the skill
 * asked; `route`: the engine asked before acting on free text), so a plain answer continues it.
 */
export const awaitingSchema = z.object({
  intent: z.string().min(1),
  slot: z.string().min(1).optional(),
  confirm: z.enum(['skill', 'route']).optional(),
});
export type Awaiting = z.infer<typeof awaitingSchema>;

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
  verification: sessionVerificationSchema.optional(),
  awaiting: awaitingSchema.optional(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const customerRecordSchema = z.object({
  phone: z.string().min(1),
  crmId: z.string().optional(),
  locale: z.enum(supportedLocales).optional(),
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

/** A partner event waiting to be told (the event worker writes it). */
export interface NewsItem {
  readonly entityKey: string;
  readonly eventId: string;
  readonly kind: string;
  readonly params: Readonly<Record<string, string | number>>;
}

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
  record: { phone },
  pendingJobs: [],
});

export interface ConversationKey {
  readonly channel: ChannelName;
  readonly sessionId: string;
  /** Set where the client picks session ids: the owning identity's digest. */
  readonly scope?: string;
  /** E.164; without it there is no profile and no news. */
  readonly phone?: string;
}

export interface LoadedConversation {
  readonly session: Stored<SessionState>;
  /** Empty without a phone number. */
  readonly customer: Stored<CustomerProfile>;
  readonly news: readonly NewsItem[];
}

export interface ConversationWrite {
  readonly key: ConversationKey;
  readonly session: Versioned<SessionState>;
  /** Only when the turn changed the profile; `version` is the one read. */
  readonly customer?: Versioned<CustomerProfile>;
  /** News told this turn; removed only if still the same event. */
  readonly takenNews: readonly Pick<NewsItem, 'entityKey' | 'eventId'>[];
  readonly now: number;
}

/** Sessions, profiles and news, read together and written together, so turns never interleave. */
export interface ConversationStore {
  load(key: ConversationKey): Promise<LoadedConversation>;
  /** `conflict`: someone else wrote first (or took the news); re-read and re-apply. */
  save(write: ConversationWrite): Promise<'saved' | 'conflict'>;
}

/** A corrupt item costs the caller their context, never the turn. */
export interface StoreLog {
  warn(message: string, fields: Record<string, unknown>): void;
}
