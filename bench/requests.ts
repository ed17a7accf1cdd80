/**
 * The requests the benches send to a running Switchboard, as the platforms send them: a Lex or
 * Connect invocation through the Invoke API, a chat or Dialogflow CX POST, a shop webhook signed
 * with Standard Webhooks. Shared by the in-process benches and the load generator's process, so
 * both measure the same traffic.
 */
import { createHmac } from 'node:crypto';
import { readLocalSecrets } from '#infra/local/config.ts';
import { dialogflowCxWebhookSecret } from '#shared/channels/secrets.ts';

export const channelKinds = ['lex', 'connect', 'chat', 'dialogflow-cx'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export type RequestKind = ChannelKind | 'webhook';

export interface BenchRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface TurnInput {
  readonly sessionId: string;
  readonly intent: string;
  readonly slots: Readonly<Record<string, string>>;
  /** `poll` asks for finished jobs only (chat and Connect; Lex and CX have no poll). */
  readonly action?: 'poll';
}

const json = { 'content-type': 'application/json' };

let cxHeaders: Record<string, string> | undefined;

/** Dialogflow CX always sends its webhook's Basic credentials: the local ones. */
function dialogflowCxHeaders(): Record<string, string> {
  if (cxHeaders) return cxHeaders;
  const secrets = readLocalSecrets(
    new URL('../infra/local/secrets.json', import.meta.url).pathname,
  );
  const { username, password } = secrets[dialogflowCxWebhookSecret] as {
    username: string;
    password: string;
  };
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  cxHeaders = { ...json, authorization: `Basic ${basic}` };
  return cxHeaders;
}
const invoke = (base: string, functionName: string, event: unknown): BenchRequest => ({
  url: `${base}/2015-03-31/functions/${functionName}/invocations`,
  headers: json,
  body: JSON.stringify(event),
});

export function turnRequest(kind: ChannelKind, base: string, turn: TurnInput): BenchRequest {
  switch (kind) {
    case 'lex':
      return invoke(base, 'lex-fulfillment', {
        messageVersion: '1.0',
        invocationSource: 'FulfillmentCodeHook',
        inputMode: 'Text',
        responseContentType: 'text/plain; charset=utf-8',
        sessionId: turn.sessionId,
        inputTranscript: '',
        bot: { id: 'BENCHBOT01', name: 'SwitchboardBot', localeId: 'en_US', version: 'DRAFT' },
        interpretations: [{ intent: { name: turn.intent, state: 'ReadyForFulfillment' } }],
        sessionState: {
          sessionAttributes: {},
          intent: {
            name: turn.intent,
            confirmationState: 'None',
            state: 'ReadyForFulfillment',
            slots: Object.fromEntries(
              Object.entries(turn.slots).map(([name, value]) => [
                name,
                {
                  shape: 'Scalar',
                  value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
                },
              ]),
            ),
          },
        },
      });
    case 'connect':
      return invoke(base, 'connect-fulfillment', {
        Name: 'ContactFlowEvent',
        Details: {
          ContactData: { ContactId: turn.sessionId, LanguageCode: 'en-US', Channel: 'VOICE' },
          Parameters: {
            intent: turn.intent,
            ...turn.slots,
            ...(turn.action && { action: 'poll' }),
          },
        },
      });
    case 'chat':
      return {
        url: `${base}/channels/chat`,
        headers: json,
        body: JSON.stringify({
          sessionId: turn.sessionId,
          intent: turn.intent,
          slots: turn.slots,
          ...(turn.action && { action: 'poll' }),
        }),
      };
    case 'dialogflow-cx':
      return {
        url: `${base}/channels/dialogflow-cx`,
        headers: dialogflowCxHeaders(),
        body: JSON.stringify({
          languageCode: 'en',
          fulfillmentInfo: { tag: turn.intent },
          sessionInfo: {
            session: `projects/bench/locations/global/agents/a/sessions/${turn.sessionId}`,
            parameters: turn.slots,
          },
        }),
      };
  }
}

/** What a channel's answer says, in channel-independent terms. */
export interface ReadAnswer {
  readonly outcome: string;
  readonly text: string;
  /** With `pending`, where the channel says it (Lex does not). */
  readonly jobId?: string;
}

/** Reads an answer body (the Invoke API returns the handler's result as is). */
export function readAnswer(kind: ChannelKind, body: string): ReadAnswer {
  const answer = JSON.parse(body) as Record<string, unknown> & {
    sessionState?: { sessionAttributes?: Record<string, string>; intent?: { state?: string } };
    messages?: { content?: string; text?: string }[];
    fulfillmentResponse?: { messages?: { text?: { text?: string[] } }[] };
    sessionInfo?: { parameters?: Record<string, string | null> };
  };
  switch (kind) {
    case 'lex': {
      const attributes = answer.sessionState?.sessionAttributes ?? {};
      const state = answer.sessionState?.intent?.state;
      const outcome =
        attributes['switchboard:pending'] === 'true'
          ? 'pending'
          : state === 'Failed'
            ? 'failed'
            : 'fulfilled';
      return { outcome, text: (answer.messages ?? []).map((m) => m.content ?? '').join(' ') };
    }
    case 'connect':
      return {
        outcome: String(answer.outcome),
        text: String(answer.message ?? ''),
        ...(typeof answer.jobId === 'string' && { jobId: answer.jobId }),
      };
    case 'chat':
      return {
        outcome: String(answer.outcome),
        text: (answer.messages ?? []).map((m) => m.text ?? '').join(' '),
        ...(typeof answer.jobId === 'string' && { jobId: answer.jobId }),
      };
    case 'dialogflow-cx': {
      const jobId = answer.sessionInfo?.parameters?.switchboard_job_id;
      return {
        outcome: String(answer.sessionInfo?.parameters?.switchboard_outcome),
        ...(typeof jobId === 'string' && { jobId }),
        text: (answer.fulfillmentResponse?.messages ?? [])
          .flatMap((m) => m.text?.text ?? [])
          .join(' '),
      };
    }
  }
}

/** A Standard Webhooks signature, as the shop signs its deliveries. */
export function signedShopWebhook(options: {
  readonly base: string;
  readonly secret: string;
  readonly eventId: string;
  readonly orderNumber: string;
  readonly status: string;
  /** The partner's own change time: a later one is a newer version of the order. */
  readonly changedAt: Date;
  readonly customerPhone?: string;
}): BenchRequest {
  const changedAt = options.changedAt.toISOString();
  const body = JSON.stringify({
    type: 'order.status_changed',
    timestamp: changedAt,
    data: {
      orderNumber: options.orderNumber,
      previousStatus: null,
      status: options.status,
      ...(options.customerPhone && { customerPhone: options.customerPhone }),
      shipment: null,
      changedAt,
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const key = Buffer.from(options.secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${options.eventId}.${timestamp}.${body}`)
    .digest('base64');
  return {
    url: `${options.base}/webhooks/shop`,
    headers: {
      ...json,
      'webhook-id': options.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${mac}`,
    },
    body,
  };
}

/** The shop's inbound signing secret from the local secrets file's shape. */
export function shopInboundSecret(secrets: Readonly<Record<string, unknown>>): string {
  const value = secrets['switchboard/shop/webhooks'] as { inbound?: string[] } | undefined;
  const secret = value?.inbound?.[0];
  if (!secret) throw new Error('no inbound secret for the shop in the local secrets');
  return secret;
}
