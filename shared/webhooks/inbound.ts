/**
 * The shape of a partner's inbound webhooks (`POST /webhooks/{partner}`): signature scheme, how to
 * read the event id and type, and the accepted events, each a schema with its planner. Each
 * partner declares its own in `shared/partners/<name>/webhooks.ts`.
 */
import * as z from 'zod';
import type { EventPlan, PlanContext } from '#shared/events/event-plan.ts';
import type { EventMessage } from './event-message.ts';
import type { WebhookScheme } from './index.ts';

/** Bodies above this are refused with 413 before any other work. */
export const defaultMaxBodyBytes = 256 * 1024;

/** A delivery after verification and body parsing, as the id/type readers see it. */
export interface ParsedDelivery {
  /** Case-insensitive header lookup. */
  readonly header: (name: string) => string | undefined;
  /** JSON value, or the form fields as an object for form-encoded partners. */
  readonly body: unknown;
}

export type DeliveryReader = (delivery: ParsedDelivery) => string | undefined;

/** One accepted event type: the schema its body must match, and what it means for us. */
export interface AcceptedEvent {
  readonly schema: z.ZodType;
  /** Called only with what `schema` parsed (a method, so each planner keeps its own type). */
  plan(payload: unknown, message: EventMessage, context: PlanContext): EventPlan;
}

/** Ties a planner to its schema, so the planner's payload type is what the schema accepts. */
export function acceptEvent<Schema extends z.ZodType>(
  schema: Schema,
  plan: (payload: z.infer<Schema>, message: EventMessage, context: PlanContext) => EventPlan,
): AcceptedEvent {
  return { schema, plan };
}

/** What a partner's folder declares about the webhooks it sends us. */
export interface InboundWebhooksSpec {
  readonly scheme: WebhookScheme;
  /** Defaults to `json`. */
  readonly bodyFormat?: 'json' | 'form';
  /** Defaults to `defaultMaxBodyBytes`. */
  readonly maxBodyBytes?: number;
  /** The partner's own event id, stable across its retries: the dedupe key. */
  readonly eventId: DeliveryReader;
  readonly eventType: DeliveryReader;
  /** Accepted event types; anything else is 422. */
  readonly events: Readonly<Record<string, AcceptedEvent>>;
}

/** The receiver's view of a partner: its spec with defaults and the secret that signs it. */
export interface InboundPartnerConfig extends InboundWebhooksSpec {
  /** Secrets Manager name holding `{ inbound: string[], outbound: string }`. */
  readonly secretName: string;
  readonly bodyFormat: 'json' | 'form';
  readonly maxBodyBytes: number;
}

export const fromHeader =
  (name: string): DeliveryReader =>
  ({ header }) =>
    nonEmpty(header(name));

/** Reads a string (or number) at a dotted path of the parsed body. */
export const fromBody =
  (path: string): DeliveryReader =>
  ({ body }) => {
    let value: unknown = body;
    for (const key of path.split('.')) {
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
        return undefined;
      }
      value = (value as Record<string, unknown>)[key];
    }
    return typeof value === 'number' ? String(value) : nonEmpty(value);
  };

export const firstOf =
  (...readers: DeliveryReader[]): DeliveryReader =>
  (delivery) => {
    for (const read of readers) {
      const value = read(delivery);
      if (value !== undefined) return value;
    }
    return undefined;
  };

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

export function inboundPartner(
  partners: Readonly<Record<string, InboundPartnerConfig>>,
  name: string,
): InboundPartnerConfig | undefined {
  return Object.hasOwn(partners, name) ? partners[name] : undefined;
}

export const webhookSecretSchema = z.object({
  inbound: z.array(z.string().min(1)).min(1),
  outbound: z.string().min(1),
});
export type WebhookSecret = z.infer<typeof webhookSecretSchema>;
