import { secretName } from '#shared/config/secret-names.ts';

/** Credentials Switchboard uses to call a partner's API: `{ token }`, `{ apiKey }`, … per auth. */
export const partnerApiSecret = (partner: string): string => secretName(`${partner}/api`);

/** Signing secrets for webhooks in both directions: `{ inbound: string[], outbound: string }`. */
export const partnerWebhookSecret = (partner: string): string => secretName(`${partner}/webhooks`);
