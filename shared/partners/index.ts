/** Every partner Switchboard can call. Adding one: a new file beside this one, and a line here. */
import type { PartnerDefinition } from '#shared/connectors/types.ts';
import { calendarPartner } from './calendar/connector.ts';
import { crmPartner } from './crm/connector.ts';
import { paymentsPartner } from './payments/connector.ts';
import { shopPartner } from './shop/connector.ts';
import { smsPartner } from './sms/connector.ts';
import { storeHoursPartner } from './store-hours/connector.ts';
import { ticketsPartner } from './tickets/connector.ts';

export const partnerRegistry = {
  shop: shopPartner,
  crm: crmPartner,
  calendar: calendarPartner,
  payments: paymentsPartner,
  sms: smsPartner,
  tickets: ticketsPartner,
  'store-hours': storeHoursPartner,
} as const satisfies Readonly<Record<string, PartnerDefinition>>;

export type PartnerRegistry = typeof partnerRegistry;
export type RegisteredPartner = keyof PartnerRegistry;

/** Secret names of the partners that have one (for grants). */
export const partnerSecretNames: readonly string[] = Object.values(partnerRegistry).flatMap(
  (partner: PartnerDefinition) => (partner.secretName ? [partner.secretName] : []),
);
