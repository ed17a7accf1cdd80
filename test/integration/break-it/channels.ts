/**
 * Turns on every channel as its platform sends them to the running local runtime (Lex and
 * Connect through the Invoke API, chat and Dialogflow CX over HTTP), and their answers read in
 * channel-independent terms, for the break-it suites.
 */
import { type AttributeValue, DeleteItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Locale } from '#shared/conversation/types.ts';
import { cxBasic } from '../identity/support.ts';
import { dynamoClient, switchboardUrl } from '../webhooks/support.ts';

export const channels = ['lex', 'connect', 'chat', 'dialogflow-cx'] as const;
export type Channel = (typeof channels)[number];

export interface TurnRequest {
  readonly channel: Channel;
  readonly sessionId: string;
  readonly locale: Locale;
  readonly intent: string;
  readonly slots: Readonly<Record<string, string>>;
  readonly phone?: string;
}

export interface Answer {
  /** The HTTP status, or the Invoke API's: a Lambda error or timeout is `function-error`. */
  readonly status: number | 'function-error';
  readonly text: string;
  readonly outcome?: string;
  readonly locale?: string;
}

function requestOf(turn: TurnRequest): { path: string; body: unknown } {
  const { sessionId, locale, intent, slots, phone } = turn;
  switch (turn.channel) {
    case 'lex':
      return {
        path: '/2015-03-31/functions/lex-fulfillment/invocations',
        body: {
          messageVersion: '1.0',
          invocationSource: 'FulfillmentCodeHook',
          inputMode: 'Text',
          responseContentType: 'text/plain; charset=utf-8',
          sessionId,
          inputTranscript: '',
          bot: { id: 'BREAKIT01', name: 'SwitchboardBot', localeId: locale.replace('-', '_') },
          sessionState: {
            sessionAttributes: phone ? { callerPhone: phone } : {},
            intent: {
              name: intent,
              confirmationState: 'None',
              state: 'ReadyForFulfillment',
              slots: Object.fromEntries(
                Object.entries(slots).map(([name, value]) => [
                  name,
                  {
                    shape: 'Scalar',
                    value: {
                      originalValue: value,
                      interpretedValue: value,
                      resolvedValues: [value],
                    },
                  },
                ]),
              ),
            },
          },
        },
      };
    case 'connect':
      return {
        path: '/2015-03-31/functions/connect-fulfillment/invocations',
        body: {
          Name: 'ContactFlowEvent',
          Details: {
            ContactData: {
              ContactId: sessionId,
              LanguageCode: locale,
              Channel: 'VOICE',
              ...(phone && { CustomerEndpoint: { Address: phone, Type: 'TELEPHONE_NUMBER' } }),
            },
            Parameters: { intent, ...slots },
          },
        },
      };
    case 'chat':
      return {
        path: '/channels/chat',
        body: { sessionId, locale, intent, slots, ...(phone && { phone }) },
      };
    case 'dialogflow-cx':
      return {
        path: '/channels/dialogflow-cx',
        body: {
          languageCode: locale,
          fulfillmentInfo: { tag: intent },
          sessionInfo: {
            session: `projects/p/locations/global/agents/a/sessions/${sessionId}`,
            parameters: slots,
          },
          ...(phone && { payload: { telephony: { caller_id: phone } } }),
        },
      };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: each channel's answer is read field by field
function readAnswer(channel: Channel, answer: any): Omit<Answer, 'status'> {
  switch (channel) {
    case 'lex':
      return {
        text: (answer.messages ?? [])
          .map((message: { content: string }) => message.content)
          .join(' '),
      };
    case 'connect':
      return { text: answer.message, outcome: answer.outcome, locale: answer.locale };
    case 'chat':
      return {
        text: (answer.messages ?? []).map((message: { text: string }) => message.text).join(' '),
        outcome: answer.outcome,
        locale: answer.locale,
      };
    case 'dialogflow-cx':
      return {
        text: (answer.fulfillmentResponse?.messages ?? [])
          .flatMap((message: { text?: { text: string[] } }) => message.text?.text ?? [])
          .join(' '),
        outcome: answer.sessionInfo?.parameters?.switchboard_outcome,
      };
  }
}

export async function sendTurn(turn: TurnRequest): Promise<Answer> {
  const { path, body } = requestOf(turn);
  return sendRaw(turn.channel, path, JSON.stringify(body));
}

/** Any body, as the platform would deliver it to that channel's entry point. */
export async function sendRaw(channel: Channel, path: string, body: string): Promise<Answer> {
  const response = await fetch(`${switchboardUrl()}${path}`, {
    method: 'POST',
    // Dialogflow CX always sends its webhook credentials; without them the route is a 401.
    headers: { 'content-type': 'application/json', ...(channel === 'dialogflow-cx' && cxBasic()) },
    body,
  });
  const text = await response.text();
  if (response.headers.get('x-amz-function-error')) return { status: 'function-error', text };
  if (response.status !== 200) return { status: response.status, text };
  return { status: 200, ...readAnswer(channel, JSON.parse(text)) };
}

export const channelPaths: Readonly<Record<Channel, string>> = {
  lex: '/2015-03-31/functions/lex-fulfillment/invocations',
  connect: '/2015-03-31/functions/connect-fulfillment/invocations',
  chat: '/channels/chat',
  'dialogflow-cx': '/channels/dialogflow-cx',
};

/**
 * Closes every partner's circuit breaker: the state lives in ConversationState
 * (`breaker#<partner>`) and each environment keeps a copy for at most 2 s. Without it, one fault
 * kind's failures would make the next kind's turns fail fast instead of meeting their fault, and
 * the suites after this one would start against open breakers.
 */
export async function closeBreakers(): Promise<void> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamoClient().send(
      new ScanCommand({
        TableName: 'ConversationState',
        FilterExpression: 'begins_with(pk, :breaker)',
        ExpressionAttributeValues: { ':breaker': { S: 'breaker#' } },
        ProjectionExpression: 'pk, sk',
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of page.Items ?? []) {
      if (!item.pk || !item.sk) continue;
      await dynamoClient().send(
        new DeleteItemCommand({
          TableName: 'ConversationState',
          Key: { pk: item.pk, sk: item.sk },
        }),
      );
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await new Promise((resolve) => setTimeout(resolve, 2500));
}
