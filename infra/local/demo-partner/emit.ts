/**
 * `POST /_control/emit`: the partner sends Switchboard a webhook the way the real provider
 * would (its envelope, headers and signature scheme), optionally broken on purpose.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { PartnerContext } from './context.ts';
import { retiredInboundSecrets, type SystemName, systemNames } from './credentials.ts';
import { eventTypesOf, findEvent } from './events.ts';
import {
  errorResponse,
  json,
  type PartnerRequest,
  type PartnerResponse,
  parseJsonBody,
} from './http.ts';
import {
  signGitHub,
  signShopify,
  signStandardWebhook,
  signStripe,
  signTwilio,
} from './webhook-signers.ts';

export type WebhookScheme = 'standard-webhooks' | 'stripe' | 'github' | 'shopify' | 'twilio';

const schemeOf: Readonly<Record<SystemName, WebhookScheme>> = {
  shop: 'standard-webhooks',
  crm: 'standard-webhooks',
  payments: 'stripe',
  calendar: 'github',
  sms: 'twilio',
  tickets: 'shopify',
};

/** Schemes that sign no timestamp: a stale delivery cannot be expressed in them. */
const schemesWithoutSignedTime: readonly WebhookScheme[] = ['github', 'twilio'];

const emitRequestSchema = z.strictObject({
  system: z.enum(systemNames),
  type: z.string().min(1),
  data: z.unknown().default({}),
  duplicates: z.number().int().min(0).max(20).default(0),
  tamper: z.boolean().default(false),
  staleSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .optional(),
  oldSecret: z.boolean().default(false),
  /** Each duplicate is the first delivery's exact bytes with a fresh id in the id header(s). */
  replayWithNewIds: z.boolean().default(false),
  /** Shopify's current spelling: `shopify-topic`, … instead of `x-shopify-topic`, …. */
  unprefixedHeaders: z.boolean().default(false),
});

interface Outgoing {
  headers: Record<string, string>;
  body: string;
}

interface WireMessage {
  eventId: string;
  /** The headers that carry the event id (what a replay under a new id rewrites). */
  idHeaders: readonly string[];
  /** Each delivery is signed afresh at send time, as a retrying sender does; the id stays. */
  render(sentAt: Date): Outgoing;
}

interface MessageInput {
  system: SystemName;
  type: string;
  payload: Record<string, unknown>;
  secret: string;
  staleSeconds: number;
  createdAt: Date;
  url: string;
  unprefixedHeaders: boolean;
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const jsonType = 'application/json';

function standardWebhooksMessage(input: MessageInput): WireMessage {
  const eventId = `msg_${randomBytes(15).toString('base64url')}`;
  const body = JSON.stringify({
    type: input.type,
    timestamp: input.createdAt.toISOString(),
    data: input.payload,
  });
  return {
    eventId,
    idHeaders: ['webhook-id'],
    render(sentAt) {
      const timestamp = unixSeconds(sentAt) - input.staleSeconds;
      return {
        body,
        headers: {
          'content-type': jsonType,
          'user-agent': `DemoPartner-${input.system}/1.0`,
          'webhook-id': eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signStandardWebhook(input.secret, eventId, timestamp, body),
        },
      };
    },
  };
}

function stripeMessage(input: MessageInput): WireMessage {
  const eventId = `evt_${randomBytes(12).toString('hex')}`;
  // Stripe sends pretty-printed JSON; receivers that re-serialise before verifying break here.
  const body = JSON.stringify(
    {
      id: eventId,
      object: 'event',
      api_version: '2025-10-29',
      created: unixSeconds(input.createdAt),
      livemode: false,
      pending_webhooks: 1,
      type: input.type,
      data: { object: input.payload },
    },
    null,
    2,
  );
  return {
    eventId,
    // The id is in the signed body: a replay cannot change it.
    idHeaders: [],
    render(sentAt) {
      const timestamp = unixSeconds(sentAt) - input.staleSeconds;
      return {
        body,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signStripe(input.secret, timestamp, body),
        },
      };
    },
  };
}

function gitHubMessage(input: MessageInput): WireMessage {
  const eventId = randomUUID();
  const [resource, action] = input.type.split('.') as [string, string];
  const body = JSON.stringify({
    action,
    [resource]: input.payload,
    sender: { login: 'demo-calendar' },
  });
  return {
    eventId,
    idHeaders: ['x-github-delivery'],
    render() {
      return {
        body,
        headers: {
          'content-type': jsonType,
          'user-agent': 'GitHub-Hookshot/demo-partner',
          'x-github-event': resource,
          'x-github-delivery': eventId,
          'x-github-hook-id': '4242',
          'x-hub-signature-256': signGitHub(input.secret, body),
        },
      };
    },
  };
}

function shopifyMessage(input: MessageInput): WireMessage {
  const eventId = randomUUID();
  const [resource, action] = input.type.split('.') as [string, string];
  const body = JSON.stringify(input.payload);
  const triggeredAt = new Date(input.createdAt.getTime() - input.staleSeconds * 1000);
  const prefix = input.unprefixedHeaders ? 'shopify-' : 'x-shopify-';
  return {
    eventId,
    idHeaders: [`${prefix}webhook-id`, `${prefix}event-id`],
    render() {
      return {
        body,
        headers: {
          'content-type': jsonType,
          'user-agent': 'Shopify-Captain-Hook',
          [`${prefix}topic`]: `${resource}s/${action}`,
          [`${prefix}hmac-sha256`]: signShopify(input.secret, body),
          [`${prefix}shop-domain`]: 'demo-tickets.myshopify.com',
          [`${prefix}api-version`]: '2025-10',
          [`${prefix}webhook-id`]: eventId,
          [`${prefix}event-id`]: eventId,
          [`${prefix}triggered-at`]: triggeredAt.toISOString(),
        },
      };
    },
  };
}

function twilioMessage(input: MessageInput): WireMessage {
  const eventId = randomUUID();
  const params = input.payload as Record<string, string>;
  const body = new URLSearchParams(params).toString();
  return {
    eventId,
    idHeaders: ['i-twilio-idempotency-token'],
    render() {
      return {
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'TwilioProxy/1.1',
          'i-twilio-idempotency-token': eventId,
          'x-twilio-signature': signTwilio(input.secret, input.url, params),
        },
      };
    },
  };
}

const buildMessage: Record<WebhookScheme, (input: MessageInput) => WireMessage> = {
  'standard-webhooks': standardWebhooksMessage,
  stripe: stripeMessage,
  github: gitHubMessage,
  shopify: shopifyMessage,
  twilio: twilioMessage,
};

/** Changes the bytes after signing, as an attacker or a rewriting proxy would. */
function tamperWith(outgoing: Outgoing): Outgoing {
  const body = outgoing.body.startsWith('{')
    ? `{"tampered":true,${outgoing.body.slice(1)}`
    : `${outgoing.body}&Tampered=true`;
  return { ...outgoing, body };
}

/** A captured delivery sent again under a fresh id, as an attacker replaying it would. */
function withNewId(captured: Outgoing, message: WireMessage): Outgoing {
  const id = randomUUID();
  const headers = { ...captured.headers };
  for (const name of message.idHeaders) headers[name] = id;
  return { ...captured, headers };
}

interface DeliveryResult {
  status: number;
  body: unknown;
  error?: string;
}

async function deliver(
  url: string,
  outgoing: Outgoing,
  signal: AbortSignal,
): Promise<DeliveryResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: outgoing.headers,
      body: outgoing.body,
      // Providers give up after 5–15 s; Twilio's 15 s is the most patient.
      signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      // Not JSON: keep the text as Switchboard sent it.
    }
    return { status: response.status, body };
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return { status: 0, body: null, error: reason || 'delivery failed' };
  }
}

export async function emitWebhook(
  req: PartnerRequest,
  ctx: PartnerContext,
): Promise<PartnerResponse> {
  const request = parseJsonBody(req, emitRequestSchema);
  if (!request.ok) return request.response;
  const {
    system,
    type,
    data,
    duplicates,
    tamper,
    staleSeconds,
    oldSecret,
    replayWithNewIds,
    unprefixedHeaders,
  } = request.value;

  const event = findEvent(system, type);
  if (!event) {
    return errorResponse(
      422,
      'unknown_event_type',
      `${system} emits ${eventTypesOf(system).join(', ')}; not "${type}".`,
    );
  }
  const scheme = schemeOf[system];
  if (staleSeconds !== undefined && schemesWithoutSignedTime.includes(scheme)) {
    return errorResponse(
      422,
      'stale_not_signed',
      `${system} signs with the ${scheme} scheme, which covers no timestamp, so a stale delivery is indistinguishable from a fresh one. Use duplicates to replay instead.`,
    );
  }
  if (unprefixedHeaders && scheme !== 'shopify') {
    return errorResponse(
      422,
      'no_header_variants',
      `${system} signs with the ${scheme} scheme, whose headers have one spelling.`,
    );
  }
  const parsedData = event.dataSchema.safeParse(data);
  if (!parsedData.success) {
    const [issue] = parsedData.error.issues;
    return errorResponse(
      422,
      'invalid_event_data',
      `data for ${type}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      {
        details: parsedData.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
        })),
      },
    );
  }
  const applied = event.apply(parsedData.data, ctx);
  if (!applied.ok) return errorResponse(422, applied.code, applied.message);

  const url = `${ctx.switchboardUrl}/webhooks/${system}`;
  const secret = oldSecret
    ? retiredInboundSecrets[system]
    : (ctx.credentials[system].webhooks.inbound[0] as string);
  const message = buildMessage[scheme]({
    system,
    type,
    payload: applied.payload,
    secret,
    staleSeconds: staleSeconds ?? 0,
    createdAt: ctx.now(),
    url,
    unprefixedHeaders,
  });

  const deliveries: DeliveryResult[] = [];
  // Sequential, like a provider's retries: each duplicate follows the previous answer.
  const first = message.render(ctx.now());
  for (let attempt = 0; attempt <= duplicates; attempt += 1) {
    const rendered =
      attempt === 0
        ? first
        : replayWithNewIds
          ? withNewId(first, message)
          : message.render(ctx.now());
    deliveries.push(await deliver(url, tamper ? tamperWith(rendered) : rendered, ctx.signal));
  }
  return json(200, { system, type, scheme, eventId: message.eventId, url, deliveries });
}
