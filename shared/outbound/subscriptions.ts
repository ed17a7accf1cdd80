import * as z from 'zod';

/** A partner endpoint that receives some of Switchboard's conversation events. */
export interface Subscription {
  /** Partner name: also picks the signing key, `switchboard/<endpoint>/webhooks` `outbound`. */
  readonly endpoint: string;
  readonly url: string;
  readonly events: readonly string[];
}

const subscriptionsSchema = z.array(
  z.object({
    endpoint: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
    url: z.url({ protocol: /^https?$/ }),
    events: z.array(z.string().min(1)).min(1),
  }),
);

/** What the demo partner's systems listen to, so the whole loop can be watched offline. */
export const demoPartnerSubscriptions = (demoPartnerUrl: string): Subscription[] => {
  const base = demoPartnerUrl.replace(/\/+$/, '');
  return [
    {
      endpoint: 'crm',
      url: `${base}/crm/webhooks/switchboard`,
      events: ['conversation.ended', 'appointment.booked'],
    },
    {
      endpoint: 'tickets',
      url: `${base}/tickets/webhooks/switchboard`,
      events: ['handoff.requested'],
    },
  ];
};

/**
 * `OUTBOUND_SUBSCRIPTIONS` (JSON `[{ endpoint, url, events }]`) when set, as in AWS; otherwise
 * the demo partner's systems when the local runtime provides `DEMO_PARTNER_URL`; else none.
 */
export function subscriptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Subscription[] {
  if (env.OUTBOUND_SUBSCRIPTIONS) {
    return subscriptionsSchema.parse(JSON.parse(env.OUTBOUND_SUBSCRIPTIONS));
  }
  return env.DEMO_PARTNER_URL ? demoPartnerSubscriptions(env.DEMO_PARTNER_URL) : [];
}
