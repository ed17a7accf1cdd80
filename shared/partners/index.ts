/**
 * Every partner Switchboard talks to. Adding one: a folder beside these (its `connector.ts`,
 * `webhooks.ts` if it sends us events, and an `index.ts` that names it), and a line here.
 */
import type { InboundPartnerConfig } from '#shared/webhooks/inbound.ts';
import { calendarPartner } from './calendar/index.ts';
import { crmPartner } from './crm/index.ts';
import type { PartnerSecret } from './define.ts';
import { paymentsPartner } from './payments/index.ts';
import { shopPartner } from './shop/index.ts';
import { smsPartner } from './sms/index.ts';
import { storeHoursPartner } from './store-hours/index.ts';
import { ticketsPartner } from './tickets/index.ts';

export const partners = [
  shopPartner,
  crmPartner,
  calendarPartner,
  paymentsPartner,
  smsPartner,
  ticketsPartner,
  storeHoursPartner,
] as const;

type RegisteredPartner = (typeof partners)[number];
export type PartnerName = RegisteredPartner['name'];

/** Each partner's connector by name: what `callPartner` reads. */
export type PartnerRegistry = {
  readonly [Partner in RegisteredPartner as Partner['name']]: Partner['connector'];
};

export const partnerRegistry = Object.fromEntries(
  partners.map((partner) => [partner.name, partner.connector]),
) as PartnerRegistry;

/** The partners that send us webhooks, by the `{partner}` of `POST /webhooks/{partner}`. */
export const inboundPartners: Readonly<Record<string, InboundPartnerConfig>> = Object.fromEntries(
  partners.flatMap((partner) => (partner.webhooks ? [[partner.name, partner.webhooks]] : [])),
);

/** Every secret a partner needs, for the stack to create and the functions to be granted. */
export const partnerSecrets: readonly PartnerSecret[] = partners.flatMap(
  (partner) => partner.secrets,
);

export const partnerSecretNames = (use: PartnerSecret['use']): string[] =>
  partnerSecrets.filter((secret) => secret.use === use).map((secret) => secret.name);
