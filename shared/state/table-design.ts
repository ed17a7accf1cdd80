/**
 * The design of Switchboard's two DynamoDB tables, in one place: every key, sort-key prefix,
 * time to live and item shape. Only the stores beside this file read and write the tables.
 *
 * ConversationState (`pk`, `sk`, TTL `expiresAt`) holds every aggregate, told apart by key:
 *
 * | pk                          | sk                              | aggregate               |
 * | --------------------------- | ------------------------------- | ----------------------- |
 * | `session#<channel>#<id>[#<owner>]` | `state`                  | session                 |
 * | `customer#<E.164>`          | `profile`                       | customer profile        |
 * | `customer#<E.164>`          | `news#<entity>`                 | news (told: tombstone)  |
 * | `customer#<E.164>`          | `timeline#<occurredAt>#<event>` | customer timeline       |
 * | `customer#<E.164>`          | `verification#attempts`         | wrong PIN/code attempts |
 * | `customer#<E.164>`          | `verification#code`             | one-time code (digest)  |
 * | `customer#<E.164>`          | `quota#<effect>#<window>`       | side-effect quota       |
 * | `<kind>#<id>` (the entity)  | `state`                         | entity state            |
 * | `job#<id>`                  | `job`                           | job record              |
 * | `breaker#<partner>`         | `<operation>`                   | circuit breaker         |
 * | `reference#<dataset>`       | `<row key>`                     | reference (table) rows  |
 * | `outbound#<endpoint>`       | `subscription`                  | outbound endpoint state |
 *
 * Idempotency is Powertools' own layout (`id`, TTL `expiration`); its records are told apart
 * by the key prefixes below.
 */
import * as z from 'zod';
import { breakerStates } from '#shared/connectors/circuit-breaker.ts';
import { customerRecordSchema } from '#shared/conversation/state.ts';
import type { ChannelName } from '#shared/conversation/types.ts';

export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

/** Attribute names are a contract with the deployed tables: the topology creates them from here. */
export const conversationStateTable = {
  name: 'ConversationState',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Key and TTL names are Powertools idempotency's defaults. */
export const idempotencyTable = {
  name: 'Idempotency',
  partitionKey: 'id',
  timeToLiveAttribute: 'expiration',
} as const;

const day = 24 * 3600;

/** The TTL attribute's value: epoch seconds, as DynamoDB's TTL reads it. */
export const expiresAt = (nowMs: number, ttlSeconds: number): number =>
  Math.floor(nowMs / 1000) + ttlSeconds;

/** `scope` keeps a client-chosen session id apart per identity (a digest, never a phone). */
export const sessionKey = (channel: ChannelName, sessionId: string, scope?: string): TableKey => ({
  pk:
    scope === undefined
      ? `session#${channel}#${sessionId}`
      : `session#${channel}#${sessionId}#${scope}`,
  sk: 'state',
});

export const sessionTtlSeconds = day;

/** `state` is the session as JSON text: skills' memory may hold what DynamoDB rejects. */
export const sessionItemSchema = z.object({ version: z.number().int(), state: z.string() });

/** A caller's profile, untold news and timeline share one partition: one Query reads a turn's. */
export const customerPartition = (phone: string): string => `customer#${phone}`;

/** `news#…` sorts before `profile`, and `timeline#…` after it: one range reads profile and news. */
export const customerSortKeys = {
  profile: 'profile',
  newsPrefix: 'news#',
  timelinePrefix: 'timeline#',
} as const;

export const profileKey = (phone: string): TableKey => ({
  pk: customerPartition(phone),
  sk: customerSortKeys.profile,
});

export const newsKey = (phone: string, entity: string): TableKey => ({
  pk: customerPartition(phone),
  sk: `${customerSortKeys.newsPrefix}${entity}`,
});

export const timelineKey = (phone: string, occurredAt: string, eventId: string): TableKey => ({
  pk: customerPartition(phone),
  sk: `${customerSortKeys.timelinePrefix}${occurredAt}#${eventId}`,
});

/**
 * Verification guards sort after `profile`, outside the range a turn's Query reads. They hold
 * counters and a digest, never a PIN or a code.
 */
export const verificationAttemptsKey = (phone: string): TableKey => ({
  pk: customerPartition(phone),
  sk: 'verification#attempts',
});

export const oneTimeCodeKey = (phone: string): TableKey => ({
  pk: customerPartition(phone),
  sk: 'verification#code',
});

/** One item per fixed window, so a conditional ADD counts uses atomically and TTL tidies up. */
export const sideEffectQuotaKey = (phone: string, effect: string, window: number): TableKey => ({
  pk: customerPartition(phone),
  sk: `quota#${effect}#${window}`,
});

/** Guards outlive their window by a little, so a late read still sees the lock it enforces. */
export const guardTtlSeconds = (windowMs: number): number => Math.ceil(windowMs / 1000) + 3600;

export const attemptsItemSchema = z.object({
  count: z.number().int(),
  windowEndsAt: z.number(),
});

/** Long enough for a PIN lock and a CRM link to outlast a conversation; no longer. */
export const profileTtlSeconds = 30 * day;
/** News is only worth saying while it is news. */
export const newsTtlSeconds = 14 * day;

/**
 * Set on news a turn has told. Told news stays until its TTL, so the event that wrote it,
 * delivered again after a crash, finds it told and cannot write it anew.
 */
export const newsToldAttribute = 'told';

/** `pendingJobs` is JSON text, as job contexts may hold what DynamoDB rejects. */
export const profileItemSchema = customerRecordSchema.extend({
  version: z.number().int(),
  pendingJobs: z.string(),
});

/** A news item as read: its entity from the sort key, the rest from the item. */
export const newsItemSchema = z.object({
  entityKey: z.string().min(1),
  eventId: z.string().min(1),
  kind: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export interface TimelineItem extends TableKey {
  readonly eventId: string;
  readonly partner: string;
  readonly type: string;
  readonly summary: string;
  readonly entityKey: string;
  readonly occurredAt: string;
  readonly expiresAt: number;
}

/** Names one partner entity, e.g. `order#12345`; also the partition of its newest state. */
export const entityKey = (kind: string, id: string): string => `${kind}#${id}`;

export const entityStateKey = (entity: string): TableKey => ({ pk: entity, sk: 'state' });

/** An entity's applied state as read back: what answers about it are never older than. */
export const entityStateItemSchema = z.object({
  version: z.string(),
  state: z.record(z.string(), z.unknown()),
});

/** Entity state and timelines outlive any conversation that might mention them. */
export const stateTtlSeconds = 90 * day;

/**
 * Entity state and news are written only by a newer event (or by the same one again); `version`
 * is the partner's own ordering of the entity's changes.
 */
export interface EventDrivenItem extends TableKey {
  readonly version: string;
  readonly eventId: string;
  readonly expiresAt: number;
}

export const jobKey = (jobId: string): TableKey => ({ pk: `job#${jobId}`, sk: 'job' });

/** Jobs answer a conversation; a day covers any caller coming back. */
export const jobRecordTtlSeconds = day;

export const breakerKey = (breaker: {
  readonly partner: string;
  readonly operation: string;
}): TableKey => ({ pk: `breaker#${breaker.partner}`, sk: breaker.operation });

/** Breaker rows outlive any open period by far, and vanish once nobody calls the operation. */
export const breakerRowTtlSeconds = 7 * day;

export const breakerItemSchema = z.object({
  state: z.enum(breakerStates),
  failures: z.number(),
  windowStartedAt: z.number(),
  openedAt: z.number(),
  probeUntil: z.number(),
  version: z.number(),
});

/** A data table the business keeps in a spreadsheet; its rows live until replaced, never expire. */
export const referencePartition = (dataset: string): string => `reference#${dataset}`;

/**
 * Row keys ignore case, accents and spacing, so "Kraków", "krakow" and " KRAKOW " (as a bot
 * transcribes them) find the same row.
 */
export function referenceKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-');
}

export const referenceRowKey = (partition: string, rowKey: string): TableKey => ({
  pk: partition,
  sk: rowKey,
});

/** A row's columns beside its key. */
export interface ReferenceItem extends TableKey {
  readonly [column: string]: unknown;
}

/** An endpoint that answered 410 stays disabled until someone removes the item. */
export const outboundEndpointKey = (endpoint: string): TableKey => ({
  pk: `outbound#${endpoint}`,
  sk: 'subscription',
});

export interface OutboundEndpointItem extends TableKey {
  readonly disabled: true;
  readonly reason: string;
  /** ISO 8601. */
  readonly disabledAt: string;
}

/**
 * Each side effect's key prefix, independent of the deployed function names so a rename keeps
 * dedupe, and how long its records are kept.
 */
export const idempotencyScopes = {
  /** Covers the longest partner retry horizon we accept (Stripe retries for 3 days). */
  webhookEnqueue: { keyPrefix: 'webhook-receiver.enqueue', retentionSeconds: 4 * day },
  /**
   * The verified bytes of deliveries whose signature covers no event id nor time, kept as long
   * as the event ids: a replay under a fresh id is still a duplicate.
   */
  webhookContent: { keyPrefix: 'webhook-receiver.content', retentionSeconds: 4 * day },
  /** Longer than the events queue keeps a message, so any redelivery is still recognised. */
  applyEvent: { keyPrefix: 'event-worker.apply', retentionSeconds: 5 * day },
  /** Longer than the jobs queue keeps a message, so a late redelivery is still recognised. */
  runJob: { keyPrefix: 'job-worker.run-job', retentionSeconds: 5 * day },
} as const;
