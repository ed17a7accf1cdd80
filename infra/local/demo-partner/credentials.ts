import * as z from 'zod';
import { partnerApiSecret, partnerWebhookSecret } from '#shared/partners/secret-names.ts';

/** The parsed `infra/local/secrets.json`: secret name → JSON value. */
export type LocalSecrets = Readonly<Record<string, unknown>>;

export const systemNames = ['shop', 'crm', 'calendar', 'payments', 'sms', 'tickets'] as const;
export type SystemName = (typeof systemNames)[number];

const nonEmpty = z.string().min(1);

const apiSecretSchemas = {
  shop: z.object({ token: nonEmpty }),
  crm: z.object({ clientId: nonEmpty, clientSecret: nonEmpty }),
  calendar: z.object({ apiKey: nonEmpty }),
  payments: z.object({ keyId: nonEmpty, signingSecret: nonEmpty }),
  sms: z.object({ token: nonEmpty }),
  tickets: z.object({ username: nonEmpty, password: nonEmpty }),
} as const;

const webhookSecretsSchema = z.object({ inbound: z.array(nonEmpty).min(1), outbound: nonEmpty });

export type WebhookSecrets = z.infer<typeof webhookSecretsSchema>;

export type PartnerCredentials = {
  readonly [S in SystemName]: {
    readonly api: z.infer<(typeof apiSecretSchemas)[S]>;
    readonly webhooks: WebhookSecrets;
  };
};

function parseSecret<T>(secrets: LocalSecrets, name: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(secrets[name]);
  if (!result.success) {
    // Only field paths are reported: the values are secrets.
    const fields = result.error.issues.map((issue) => issue.path.join('.') || '(value)').join(', ');
    throw new Error(`demo partner: secret "${name}" is missing or malformed (${fields})`);
  }
  return result.data;
}

export function loadPartnerCredentials(secrets: LocalSecrets): PartnerCredentials {
  const webhooks = (system: SystemName) =>
    parseSecret(secrets, partnerWebhookSecret(system), webhookSecretsSchema);
  const api = <S extends SystemName>(system: S): z.infer<(typeof apiSecretSchemas)[S]> =>
    parseSecret(
      secrets,
      partnerApiSecret(system),
      apiSecretSchemas[system] as z.ZodType,
    ) as z.infer<(typeof apiSecretSchemas)[S]>;
  return {
    shop: { api: api('shop'), webhooks: webhooks('shop') },
    crm: { api: api('crm'), webhooks: webhooks('crm') },
    calendar: { api: api('calendar'), webhooks: webhooks('calendar') },
    payments: { api: api('payments'), webhooks: webhooks('payments') },
    sms: { api: api('sms'), webhooks: webhooks('sms') },
    tickets: { api: api('tickets'), webhooks: webhooks('tickets') },
  };
}

/**
 * The secrets each system signed its webhooks with before its last rotation. Switchboard no
 * longer holds them, so `oldSecret` emits must be rejected. Development constants, not secrets.
 */
export const retiredInboundSecrets: Readonly<Record<SystemName, string>> = {
  shop: 'whsec_cmV0aXJlZC1zaG9wLXNpZ25pbmcta2V5LTIwMjQtMDE=',
  crm: 'whsec_cmV0aXJlZC1jcm0tc2lnbmluZy1rZXktMjAyNC0wMQ==',
  calendar: 'gh_retired_5f0c3d1e9a7b2c4d6e8f0a1b2c3d4e5f',
  payments: 'whsec_retired0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6',
  sms: '0badc0ffee0badc0ffee0badc0ffee00',
  tickets: 'shpss_retired_3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f',
};
