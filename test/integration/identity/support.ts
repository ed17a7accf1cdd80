/**
 * Calling the channels of the integration tier's Switchboard as each platform would, with or
 * without credentials.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SignJWT } from 'jose';
import { afterAll, expect, inject } from 'vitest';
import { readLocalSecrets } from '#infra/local/config.ts';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { chatTokenSecret, dialogflowCxWebhookSecret } from '#shared/channels/secrets.ts';

// biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
export type Json = Record<string, any>;

const secrets = readLocalSecrets(
  new URL('../../../infra/local/secrets.json', import.meta.url).pathname,
);
const chatKey = (secrets[chatTokenSecret] as { hs256Key: string }).hs256Key;
const cxCredentials = secrets[dialogflowCxWebhookSecret] as { username: string; password: string };

const lambda = new LambdaClient({
  endpoint: inject('switchboardUrl'),
  region: localRegion,
  credentials: localCredentials,
});
afterAll(() => lambda.destroy());

const runId = `${Date.now()}`;
export const newSession = (label: string) =>
  `${label}-${runId}-${Math.random().toString(36).slice(2, 8)}`;

export async function invoke(functionName: string, event: unknown): Promise<Json> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(event) }),
  );
  expect(result.FunctionError).toBeUndefined();
  return JSON.parse(new TextDecoder().decode(result.Payload));
}

export async function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${inject('switchboardUrl')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

export async function chat(body: Json, headers: Record<string, string> = {}): Promise<Json> {
  const response = await post('/channels/chat', body, headers);
  expect(response.status).toBe(200);
  return response.body;
}

export const texts = (reply: Json): string =>
  reply.messages.map((message: Json) => message.text).join(' ');

/** A customer token as the company's site signs it; `key` other than the local one to tamper. */
export async function chatToken(
  phone: string,
  options: { expiresIn?: string | number; key?: string } = {},
): Promise<Record<string, string>> {
  const token = await new SignJWT({ phone_number: phone })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`customer:${phone}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.key ?? chatKey));
  return { authorization: `Bearer ${token}` };
}

export const cxBasic = (password = cxCredentials.password): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${cxCredentials.username}:${password}`).toString('base64')}`,
});

export function cxRequest(options: {
  sessionId: string;
  tag: string;
  parameters?: Json;
  callerId?: string;
}): Json {
  return {
    detectIntentResponseId: 'resp-1',
    languageCode: 'en',
    fulfillmentInfo: { tag: options.tag },
    sessionInfo: {
      session: `projects/p/locations/global/agents/a/sessions/${options.sessionId}`,
      parameters: options.parameters ?? {},
    },
    ...(options.callerId && { payload: { telephony: { caller_id: options.callerId } } }),
    text: 'hello',
  };
}

export function lexEvent(options: {
  sessionId: string;
  intent: string;
  slots?: Record<string, string>;
  sessionAttributes?: Record<string, string>;
}): Json {
  const slot = (value: string) => ({
    shape: 'Scalar',
    value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
  });
  return {
    messageVersion: '1.0',
    invocationSource: 'FulfillmentCodeHook',
    inputMode: 'Text',
    sessionId: options.sessionId,
    inputTranscript: '',
    bot: { id: 'SWBOT00001', name: 'Switchboard', localeId: 'en_US', version: 'DRAFT' },
    interpretations: [{ intent: { name: options.intent }, nluConfidence: 0.9 }],
    sessionState: {
      sessionAttributes: options.sessionAttributes ?? {},
      intent: {
        name: options.intent,
        state: 'ReadyForFulfillment',
        confirmationState: 'None',
        slots: Object.fromEntries(
          Object.entries(options.slots ?? {}).map(([name, value]) => [name, slot(value)]),
        ),
      },
    },
  };
}

export function connectEvent(options: {
  contactId: string;
  phone: string;
  parameters: Record<string, string>;
}): Json {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        ContactId: options.contactId,
        Channel: 'VOICE',
        LanguageCode: 'en-US',
        CustomerEndpoint: { Type: 'TELEPHONE_NUMBER', Address: options.phone },
        Attributes: {},
      },
      Parameters: options.parameters,
    },
  };
}
