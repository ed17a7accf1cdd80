/**
 * A console conversation's turn, sent the way each platform sends it: web chat and Dialogflow CX
 * through the HTTP routes, Lex and Connect through the Lambda Invoke API, with events shaped like
 * the ones in `test/fixtures/channels/`. The console only builds requests and reads answers; the
 * functions do the rest.
 */
import * as z from 'zod';
import { handoffAttribute, pendingAttribute } from '#shared/channels/lex-response.ts';

export const channels = ['chat', 'lex', 'connect', 'dialogflow-cx'] as const;
export type ConsoleChannel = (typeof channels)[number];

export const locales = ['en-US', 'pl-PL', 'ru-RU', 'zh-CN'] as const;

export const identitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({ kind: z.literal('claimed'), phone: z.string().regex(/^\+\d{6,15}$/) }),
  z.object({ kind: z.literal('token'), phone: z.string().regex(/^\+\d{6,15}$/) }),
]);
export type ConsoleIdentity = z.infer<typeof identitySchema>;

export interface ConversationTarget {
  readonly channel: ConsoleChannel;
  readonly sessionId: string;
  readonly locale: (typeof locales)[number];
  readonly identity: ConsoleIdentity;
}

export interface TurnInput {
  readonly text?: string | undefined;
  /** Sent as the `pin` slot; never logged. */
  readonly pin?: string | undefined;
  /** `poll` (say finished jobs and news) exists on chat and Connect only, as on the platforms. */
  readonly action?: 'turn' | 'poll' | undefined;
}

export const pollingChannels: readonly ConsoleChannel[] = ['chat', 'connect'];

export interface TurnAnswer {
  readonly status: number;
  readonly outcome?: string;
  readonly texts: readonly string[];
  readonly ssml?: string;
  readonly jobId?: string;
  /** The channel's own answer, for the curious. */
  readonly raw: unknown;
}

export interface ChannelEndpoints {
  /** The local runtime's own port: routes and Invoke API. */
  readonly url: string;
  readonly dialogflowCx: { readonly username: string; readonly password: string };
  /** A customer token for `phone`, minted with the local key. */
  readonly chatToken: (phone: string) => Promise<string>;
}

const underscoreLocale = (locale: string) => locale.replace('-', '_');

export async function sendTurn(
  endpoints: ChannelEndpoints,
  target: ConversationTarget,
  input: TurnInput,
): Promise<TurnAnswer> {
  switch (target.channel) {
    case 'chat':
      return chatTurn(endpoints, target, input);
    case 'dialogflow-cx':
      return dialogflowCxTurn(endpoints, target, input);
    case 'lex':
      return invoke(endpoints, 'lex-fulfillment', lexEvent(target, input), readLex);
    case 'connect':
      return invoke(endpoints, 'connect-fulfillment', connectEvent(target, input), readConnect);
  }
}

async function chatTurn(
  endpoints: ChannelEndpoints,
  target: ConversationTarget,
  input: TurnInput,
): Promise<TurnAnswer> {
  const { identity } = target;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity.kind === 'token') {
    headers.authorization = `Bearer ${await endpoints.chatToken(identity.phone)}`;
  }
  const response = await fetch(`${endpoints.url}/channels/chat`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      sessionId: target.sessionId,
      locale: target.locale,
      ...(input.action === 'poll' ? { action: 'poll' } : { text: input.text }),
      ...(identity.kind === 'claimed' && { phone: identity.phone }),
      ...(input.pin && { slots: { pin: input.pin } }),
    }),
  });
  const body = (await response.json()) as {
    outcome?: string;
    messages?: { text?: string }[];
    jobId?: string;
  };
  return {
    status: response.status,
    ...(body.outcome && { outcome: body.outcome }),
    texts: (body.messages ?? []).flatMap((message) => (message.text ? [message.text] : [])),
    ...(body.jobId && { jobId: body.jobId }),
    raw: body,
  };
}

async function dialogflowCxTurn(
  endpoints: ChannelEndpoints,
  target: ConversationTarget,
  input: TurnInput,
): Promise<TurnAnswer> {
  const { username, password } = endpoints.dialogflowCx;
  const phone = target.identity.kind === 'anonymous' ? undefined : target.identity.phone;
  const response = await fetch(`${endpoints.url}/channels/dialogflow-cx`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    },
    body: JSON.stringify({
      detectIntentResponseId: crypto.randomUUID(),
      languageCode: target.locale.slice(0, 2),
      sessionInfo: {
        session: `projects/console/locations/global/agents/switchboard/sessions/${target.sessionId}`,
        parameters: input.pin ? { pin: input.pin } : {},
      },
      // A phone call: the caller id rides in the telephony payload and the answer carries SSML.
      payload: { telephony: { caller_id: phone ?? 'anonymous' } },
      transcript: input.text,
      text: input.text,
    }),
  });
  const body = (await response.json()) as {
    fulfillmentResponse?: {
      messages?: ({ text?: { text?: string[] } } & { outputAudioText?: { ssml?: string } })[];
    };
    sessionInfo?: { parameters?: Record<string, unknown> };
  };
  const messages = body.fulfillmentResponse?.messages ?? [];
  const parameters = body.sessionInfo?.parameters ?? {};
  const ssml = messages.find((message) => message.outputAudioText)?.outputAudioText?.ssml;
  const outcome = parameters.switchboard_outcome;
  const jobId = parameters.switchboard_job_id;
  return {
    status: response.status,
    ...(typeof outcome === 'string' && { outcome }),
    texts: messages.flatMap((message) => message.text?.text ?? []),
    ...(ssml && { ssml }),
    ...(typeof jobId === 'string' && { jobId }),
    raw: body,
  };
}

function lexEvent(target: ConversationTarget, input: TurnInput): unknown {
  const phone = target.identity.kind === 'anonymous' ? undefined : target.identity.phone;
  const slots = input.pin
    ? {
        pin: {
          shape: 'Scalar',
          value: { originalValue: input.pin, interpretedValue: input.pin, resolvedValues: [] },
        },
      }
    : {};
  // Lex's own NLU is not here: the fallback intent hands the transcript to Switchboard's matcher.
  const intent = { name: 'FallbackIntent', confirmationState: 'None', state: 'InProgress', slots };
  return {
    messageVersion: '1.0',
    invocationSource: 'FulfillmentCodeHook',
    inputMode: 'Speech',
    responseContentType: 'audio/pcm',
    sessionId: target.sessionId,
    inputTranscript: input.text ?? '',
    bot: {
      id: 'CONSOLEBOT',
      name: 'SwitchboardBot',
      aliasId: 'TSTALIASID',
      aliasName: 'TestBotAlias',
      localeId: underscoreLocale(target.locale),
      version: 'DRAFT',
    },
    interpretations: [{ interpretationSource: 'Lex', intent }],
    sessionState: {
      sessionAttributes: phone ? { callerPhone: phone } : {},
      intent,
    },
    requestAttributes: {},
  };
}

function readLex(status: number, body: unknown): TurnAnswer {
  const answer = body as {
    messages?: { contentType?: string; content?: string }[];
    sessionState?: {
      sessionAttributes?: Record<string, string>;
      dialogAction?: { type?: string };
    };
  };
  const attributes = answer.sessionState?.sessionAttributes ?? {};
  const outcome =
    attributes[pendingAttribute] === 'true'
      ? 'pending'
      : attributes[handoffAttribute] === 'true'
        ? 'handoff'
        : answer.sessionState?.dialogAction?.type;
  const messages = answer.messages ?? [];
  const texts = messages.flatMap((message) =>
    message.contentType === 'PlainText' && message.content ? [message.content] : [],
  );
  const ssml = messages.find((message) => message.contentType === 'SSML')?.content;
  return {
    status,
    ...(outcome && { outcome }),
    texts: texts.length > 0 ? texts : ssml ? [ssml.replace(/<[^>]+>/g, '')] : [],
    ...(ssml && { ssml }),
    raw: body,
  };
}

function connectEvent(target: ConversationTarget, input: TurnInput): unknown {
  const phone = target.identity.kind === 'anonymous' ? undefined : target.identity.phone;
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: target.sessionId,
        InitialContactId: target.sessionId,
        InitiationMethod: 'INBOUND',
        LanguageCode: target.locale,
        ...(phone && { CustomerEndpoint: { Address: phone, Type: 'TELEPHONE_NUMBER' } }),
        SystemEndpoint: { Address: '+48221234567', Type: 'TELEPHONE_NUMBER' },
      },
      Parameters: {
        action: input.action ?? 'turn',
        ...(input.action !== 'poll' && { text: input.text ?? '' }),
        ...(input.pin && { pin: input.pin }),
      },
    },
  };
}

function readConnect(status: number, body: unknown): TurnAnswer {
  const answer = body as { outcome?: string; message?: string; ssml?: string; jobId?: string };
  return {
    status,
    ...(answer.outcome && { outcome: answer.outcome }),
    texts: answer.message ? [answer.message] : [],
    ...(answer.ssml && { ssml: answer.ssml }),
    ...(answer.jobId && { jobId: answer.jobId }),
    raw: body,
  };
}

async function invoke(
  endpoints: ChannelEndpoints,
  functionName: string,
  event: unknown,
  read: (status: number, body: unknown) => TurnAnswer,
): Promise<TurnAnswer> {
  const response = await fetch(
    `${endpoints.url}/2015-03-31/functions/${functionName}/invocations`,
    { method: 'POST', body: JSON.stringify(event) },
  );
  const body: unknown = await response.json();
  if (response.headers.get('x-amz-function-error')) {
    return { status: 500, outcome: 'error', texts: [], raw: body };
  }
  return read(response.status, body);
}
