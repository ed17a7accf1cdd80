/**
 * Web chat: `POST /channels/chat`. Unlike the bot platforms, the client is ours to correct, so
 * a malformed body is answered with 400/413/422 saying what is wrong instead of an apology.
 */
import * as z from 'zod';
import type { Locale, Outcome, Reply } from '#shared/conversation/types.ts';
import {
  type ChannelAdapter,
  type HttpErrorAnswer,
  httpErrorAnswer,
  type ParseMeta,
  type ParseResult,
} from './adapter.ts';
import {
  buildTurn,
  cleanName,
  cleanText,
  maxSlots,
  parseConfirmation,
  phaseByAction,
  scalarText,
  type TurnFields,
  turnActions,
} from './common.ts';
import { normalizeLocale } from './locale.ts';
import { normalizePhone } from './phone.ts';
import { builtInSpeech, truncate } from './speech.ts';

export interface ChatEcho {
  readonly sessionId: string;
}

export interface ChatResponse {
  readonly sessionId?: string;
  readonly outcome: Outcome;
  readonly locale: Locale;
  readonly messages: readonly { readonly text: string }[];
  /** The skill that answered, so a client can resend it with the slot or the yes/no. */
  readonly intent?: string;
  readonly slotToElicit?: string;
  readonly jobId?: string;
}

/** Far above any real chat turn; parsing more is work for an attacker, not for a customer. */
export const maxChatBodyBytes = 64 * 1024;
const maxMessageLength = 4096;

const chatRequestSchema = z.object({
  sessionId: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[\w.:-]+$/, 'may contain only letters, digits and _ . : -'),
  locale: z.string().max(35).nullish(),
  text: z.string().nullish(),
  intent: z
    .string()
    .trim()
    .max(100)
    .regex(/^[A-Za-z][\w.-]*$/, 'must be an intent name such as CheckOrderStatus')
    .nullish(),
  slots: z
    .record(
      z.string().min(1).max(100),
      z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]),
    )
    .refine((slots) => Object.keys(slots).length <= maxSlots, `at most ${maxSlots} slots`)
    .nullish(),
  phone: z.string().nullish(),
  action: z.enum(turnActions).nullish(),
  confirmation: z.union([z.boolean(), z.string().max(20)]).nullish(),
});

type ChatParseResult = ParseResult<ChatEcho, HttpErrorAnswer>;

/** The refusal says what is wrong; the locale is moot, as no apology is said. */
const failure = (
  statusCode: HttpErrorAnswer['statusCode'],
  code: string,
  message: string,
): ChatParseResult => ({
  ok: false,
  locale: 'en-US',
  problem: code,
  refusal: httpErrorAnswer(statusCode, code, message),
});

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * A signed customer token proves the caller; a `phone` in the body is only a claim. The session
 * belongs to whichever identity this is, so reusing someone else's session id starts afresh.
 */
function chatCaller(
  claimedPhone: string | null | undefined,
  meta: ParseMeta,
): Pick<TurnFields, 'phone' | 'identity'> & { sessionOwner: string } {
  if (meta.principal?.kind === 'customer') {
    const { subject, phone } = meta.principal;
    return { phone, identity: 'verified', sessionOwner: `customer:${subject}` };
  }
  const phone = normalizePhone(claimedPhone);
  return phone === undefined
    ? { phone, identity: 'anonymous', sessionOwner: 'anonymous' }
    : { phone, identity: 'claimed', sessionOwner: `phone:${phone}` };
}

/** Takes the raw HTTP body (API Gateway's base64 already decoded). */
function parseChatRequest(body: string, meta: ParseMeta): ChatParseResult {
  if (Buffer.byteLength(body) > maxChatBodyBytes) {
    return failure(413, 'payload_too_large', `the body exceeds ${maxChatBodyBytes} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return failure(400, 'invalid_json', 'the body is not valid JSON; expected a JSON object');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return failure(422, 'invalid_request', 'body: expected a JSON object');
  }
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) return failure(422, 'invalid_request', describe(parsed.error));
  const request = parsed.data;
  const slots: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(request.slots ?? {})) {
    const name = cleanName(rawName);
    const value = scalarText(rawValue);
    if (name !== undefined && value !== undefined) slots[name] = value;
  }
  const intent = cleanName(request.intent);
  const text = cleanText(request.text);
  const { phone, identity, sessionOwner } = chatCaller(request.phone, meta);
  return {
    ok: true,
    echo: { sessionId: request.sessionId },
    turn: buildTurn(
      {
        channel: 'chat',
        sessionId: request.sessionId,
        locale: normalizeLocale(request.locale),
        inputMode: 'text',
        phase: phaseByAction[request.action ?? 'turn'],
        intent,
        text,
        slots,
        confirmation: parseConfirmation(request.confirmation),
        phone,
        identity,
        sessionOwner,
      },
      meta,
    ),
  };
}

function renderChatResponse(reply: Reply, echo: ChatEcho): ChatResponse {
  const slotToElicit = cleanName(reply.slotToElicit);
  const jobId = cleanText(reply.jobId, 200);
  return {
    sessionId: echo.sessionId,
    outcome: reply.outcome,
    locale: reply.locale,
    messages: reply.messages
      .map(({ text }) => text.trim())
      .filter((text) => text !== '')
      .map((text) => ({ text: truncate(text, maxMessageLength) })),
    ...(reply.intent !== undefined && { intent: reply.intent }),
    ...(slotToElicit !== undefined && { slotToElicit }),
    ...(jobId !== undefined && { jobId }),
  };
}

/** For a turn the engine could not answer; a body too broken to parse gets a 4xx instead. */
function chatApology(locale: Locale, echo?: ChatEcho): ChatResponse {
  return {
    ...(echo !== undefined && { sessionId: echo.sessionId }),
    outcome: 'failed',
    locale,
    messages: [{ text: builtInSpeech('apology', locale).text }],
  };
}

export const chatAdapter: ChannelAdapter<string, ChatEcho, ChatResponse, HttpErrorAnswer> = {
  name: 'chat',
  parse: parseChatRequest,
  render: renderChatResponse,
  apology: chatApology,
};
