/**
 * Applies a partner event's plan to ConversationState. Every write is keyed or conditioned so
 * that re-running the whole function (a redelivery after a crash half-way) converges on the same
 * state: the entity write only wins over an older version, timeline items are keyed by event id,
 * news is replaced only by newer news, and notification jobs carry a stable id.
 */
import { newsTtlSeconds, stateTtlSeconds } from '#shared/state/table-design.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import type { EventPlan } from './event-plan.ts';
import { planEvent } from './plan.ts';

export interface EntityWrite {
  readonly key: string;
  readonly version: string;
  readonly eventId: string;
  readonly state: Readonly<Record<string, unknown>>;
  readonly expiresAt: number;
}

export interface TimelineEntry {
  readonly customer: string;
  readonly occurredAt: string;
  readonly eventId: string;
  readonly partner: string;
  readonly type: string;
  readonly summary: string;
  readonly entityKey: string;
  readonly expiresAt: number;
}

export interface NewsWrite {
  readonly customer: string;
  readonly entityKey: string;
  readonly version: string;
  readonly eventId: string;
  readonly kind: string;
  readonly params: Readonly<Record<string, string | number>>;
  readonly expiresAt: number;
}

export interface StateStore {
  /**
   * Writes the entity unless a newer (or equal, from another event) version is stored.
   * `stale` means an older event arrived late: the stored state stays.
   */
  putEntityIfNewer(write: EntityWrite): Promise<'applied' | 'stale'>;
  putTimeline(entry: TimelineEntry): Promise<void>;
  putNewsIfNewer(news: NewsWrite): Promise<void>;
}

export interface NotificationJob {
  readonly jobId: string;
  readonly partner: string;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly correlationId: string;
}

export interface ApplyDeps {
  readonly store: StateStore;
  /** Puts a partner call on `jobs`; the job id is stable per event, so a repeat is a no-op. */
  submitJob(job: NotificationJob): Promise<void>;
  now(): Date;
  /** `BUSINESS_TIME_ZONE` for the texts planners write; Europe/Warsaw when absent. */
  readonly timeZone?: string;
}

export interface ApplyResult {
  readonly entity: 'applied' | 'stale';
  readonly news: boolean;
  readonly notifications: number;
}

export async function applyEvent(
  deps: ApplyDeps,
  message: EventMessage,
  plan: EventPlan = planEvent(
    message,
    undefined,
    deps.timeZone === undefined ? undefined : { timeZone: deps.timeZone },
  ),
): Promise<ApplyResult> {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const entity = await deps.store.putEntityIfNewer({
    key: plan.entity.key,
    version: plan.entity.version,
    eventId: message.eventId,
    state: plan.entity.state,
    expiresAt: nowSeconds + stateTtlSeconds,
  });
  if (plan.customer) {
    // History keeps late events too: they happened, they just do not change current state.
    await deps.store.putTimeline({
      customer: plan.customer,
      occurredAt: message.receivedAt,
      eventId: message.eventId,
      partner: message.partner,
      type: message.type,
      summary: plan.summary,
      entityKey: plan.entity.key,
      expiresAt: nowSeconds + stateTtlSeconds,
    });
  }
  const announce = entity === 'applied' && plan.customer !== undefined && plan.news !== undefined;
  if (announce && plan.customer && plan.news) {
    await deps.store.putNewsIfNewer({
      customer: plan.customer,
      entityKey: plan.entity.key,
      version: plan.entity.version,
      eventId: message.eventId,
      kind: plan.news.kind,
      params: plan.news.params,
      expiresAt: nowSeconds + newsTtlSeconds,
    });
  }
  const notifications = entity === 'applied' ? (plan.notifications ?? []) : [];
  for (const [index, notification] of notifications.entries()) {
    await deps.submitJob({
      jobId: `notify-${message.partner}-${message.eventId}-${index}`,
      ...notification,
      correlationId: message.correlationId,
    });
  }
  return { entity, news: announce, notifications: notifications.length };
}
