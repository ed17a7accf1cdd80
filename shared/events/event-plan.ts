/**
 * What an accepted partner event means for Switchboard: the entity it updates (with the partner's
 * own ordering value, so an older event never overwrites newer data), the customer's timeline
 * entry, the news a caller hears once on their next turn, and partner calls to make. Each
 * partner's folder plans its own events; `apply.ts` carries a plan out.
 */
import type { NewsKind } from '#shared/i18n/catalogs/index.ts';
import type { PartnerName } from '#shared/partners/index.ts';

export interface EntityUpdate {
  /** `order#12345`, `appointment#apt_1`: the ConversationState partition of the entity. */
  readonly key: string;
  /**
   * Orders events of one entity; compared as strings, so every planner of an entity must use
   * the same fixed-width form (ISO-8601 UTC instants, or a single digit rank).
   */
  readonly version: string;
  readonly state: Readonly<Record<string, unknown>>;
}

export interface News {
  /** The caller hears `news.<kind>` on their next turn. */
  readonly kind: NewsKind;
  readonly params: Readonly<Record<string, string | number>>;
}

/** A partner call to make because of the event (e.g. an SMS), run through the `jobs` queue. */
export interface Notification {
  readonly partner: PartnerName;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface EventPlan {
  readonly entity: EntityUpdate;
  /** Timeline and news owner: an E.164 phone when the partner gives one. */
  readonly customer?: string;
  readonly summary: string;
  readonly news?: News;
  readonly notifications?: readonly Notification[];
}

/** What a planner may need besides the event: texts it writes name times in the business zone. */
export interface PlanContext {
  /** `BUSINESS_TIME_ZONE`, as for turns. */
  readonly timeZone: string;
}

/** Normalises a partner's timestamp to the fixed-width form entity versions compare by. */
export const isoInstant = (value: string | number | Date): string => new Date(value).toISOString();
