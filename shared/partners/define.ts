/**
 * A partner is one folder: its connector (how we call it), its inbound webhooks (what it sends
 * us and what each event means), and the secrets both need — all named from one definition, so
 * nothing about a partner is spelled out twice.
 */
import type { ConnectorSpec } from '#shared/connectors/types.ts';
import {
  defaultMaxBodyBytes,
  type InboundPartnerConfig,
  type InboundWebhooksSpec,
} from '#shared/webhooks/inbound.ts';
import { partnerApiSecret, partnerWebhookSecret } from './secret-names.ts';

export interface PartnerSecret {
  readonly name: string;
  readonly description: string;
  /** `api`: credentials we call the partner with; `webhooks`: signing keys both ways. */
  readonly use: 'api' | 'webhooks';
}

export interface PartnerSpec<Name extends string, Connector extends ConnectorSpec> {
  readonly name: Name;
  readonly connector: Connector;
  /** Absent for a partner that never calls us (and so never receives our webhooks either). */
  readonly webhooks?: InboundWebhooksSpec;
}

export interface Partner<Name extends string, Connector extends ConnectorSpec> {
  readonly name: Name;
  readonly connector: Connector & { readonly name: Name; readonly secretName?: string };
  readonly webhooks?: InboundPartnerConfig;
  readonly secrets: readonly PartnerSecret[];
}

export function definePartner<const Name extends string, const Connector extends ConnectorSpec>(
  spec: PartnerSpec<Name, Connector>,
): Partner<Name, Connector> {
  const { name } = spec;
  const callsWithCredentials = spec.connector.auth.kind !== 'none';
  const secrets: PartnerSecret[] = [
    ...(callsWithCredentials
      ? [
          {
            name: partnerApiSecret(name),
            description: `Credentials for calling the ${name} partner API`,
            use: 'api' as const,
          },
        ]
      : []),
    ...(spec.webhooks
      ? [
          {
            name: partnerWebhookSecret(name),
            description: `Signing secrets for webhooks exchanged with the ${name} partner`,
            use: 'webhooks' as const,
          },
        ]
      : []),
  ];
  return {
    name,
    connector: {
      ...spec.connector,
      name,
      ...(callsWithCredentials && { secretName: partnerApiSecret(name) }),
    },
    ...(spec.webhooks && {
      webhooks: {
        bodyFormat: 'json',
        maxBodyBytes: defaultMaxBodyBytes,
        ...spec.webhooks,
        secretName: partnerWebhookSecret(name),
      },
    }),
    secrets,
  };
}
