/**
 * Finds the planner for an accepted partner event in its partner's folder and runs it. The
 * payload is validated again first: the queue is a trust boundary too.
 */
import { SwitchboardError } from '#shared/errors.ts';
import { defaultBusinessTimeZone } from '#shared/i18n/dates.ts';
import { inboundPartners } from '#shared/partners/index.ts';
import type { EventMessage } from '#shared/webhooks/event-message.ts';
import { type InboundPartnerConfig, inboundPartner } from '#shared/webhooks/inbound.ts';
import type { EventPlan, PlanContext } from './event-plan.ts';

export class UnknownEventTypeError extends SwitchboardError {
  override readonly name = 'UnknownEventTypeError';
}

/**
 * Throws `UnknownEventTypeError` for an event this build cannot apply, so it waits in the DLQ
 * for a deploy instead of being dropped.
 */
export function planEvent(
  message: EventMessage,
  partners: Readonly<Record<string, InboundPartnerConfig>> = inboundPartners,
  context: PlanContext = { timeZone: defaultBusinessTimeZone },
): EventPlan {
  const events = inboundPartner(partners, message.partner)?.events;
  const accepted = events && Object.hasOwn(events, message.type) ? events[message.type] : undefined;
  if (!accepted) {
    throw new UnknownEventTypeError(`No handler for ${message.partner} ${message.type}`);
  }
  return accepted.plan(accepted.schema.parse(message.payload), message, context);
}
