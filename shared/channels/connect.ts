/**
 * Amazon Connect "AWS Lambda function" block (`ContactFlowEvent`) ⇄ Turn/Reply. The flow passes
 * `intent`, `action`, optional `locale`, `confirmation` and `text`, and every other parameter is a
 * slot value under its slot name. The answer needs nothing from the request, so there is no echo.
 */
import * as z from 'zod';
import type { Locale, Reply, Speech } from '#shared/conversation/types.ts';
import type { ChannelAdapter, ParseMeta, ParseResult } from './adapter.ts';
import {
  buildTurn,
  cleanName,
  cleanSessionId,
  cleanText,
  maxSlots,
  parseConfirmation,
  phaseOfAction,
  scalarText,
  utf8Bytes,
} from './common.ts';
import { normalizeLocale } from './locale.ts';
import { normalizePhone } from './phone.ts';
import { builtInSpeech, joinSsml, speakDocument, truncate } from './speech.ts';

/** A flat string map: what the block's `STRING_MAP` validation accepts, read as `$.External.*`. */
export type ConnectResponse = Readonly<Record<string, string>>;

/** `idle`: nothing to say (a poll with no job and no news); there is no prompt to play. */
export type ConnectOutcome = 'fulfilled' | 'failed' | 'elicit' | 'pending' | 'handoff' | 'idle';

const reservedParameters = new Set(['intent', 'action', 'locale', 'confirmation', 'text']);

/** 32 KB is the limit; a little kept back because Connect does not say how it counts a KB. */
const maxResponseBytes = 32_000;
/** What a Play prompt can sensibly say in one go; longer answers are cut, not failed. */
const maxMessageLength = 3000;
const maxSsmlLength = 6000;
const maxJobIdLength = 200;

const optionalText = z.string().optional().catch(undefined);

const connectEventSchema = z.object({
  Details: z.object({
    ContactData: z
      .object({
        ContactId: z.unknown().optional(),
        Channel: optionalText,
        LanguageCode: optionalText,
        CustomerEndpoint: z
          .object({ Address: optionalText, Type: optionalText })
          .optional()
          .catch(undefined),
      })
      .optional()
      .catch(undefined),
    Parameters: z.record(z.string(), z.unknown()).optional().catch(undefined),
  }),
});

function parseConnect(event: unknown, meta: ParseMeta): ParseResult<undefined> {
  const parsed = connectEventSchema.safeParse(event);
  if (!parsed.success) {
    return { ok: false, locale: 'en-US', problem: 'the event has no Details object' };
  }
  const { ContactData: contact, Parameters: parameters = {} } = parsed.data.Details;
  const locale = normalizeLocale(
    typeof parameters.locale === 'string' && parameters.locale.trim() !== ''
      ? parameters.locale
      : contact?.LanguageCode,
  );
  const sessionId = cleanSessionId(contact?.ContactId);
  if (sessionId === undefined) {
    return { ok: false, locale, problem: 'Details.ContactData.ContactId is missing or invalid' };
  }
  const action = parameters.action ?? 'turn';
  const phase = typeof action === 'string' ? phaseOfAction(action) : undefined;
  if (phase === undefined) {
    return { ok: false, locale, problem: 'parameter action must be turn, poll or ended' };
  }
  const slots: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(parameters)) {
    const name = cleanName(rawName);
    const value = scalarText(rawValue);
    if (name === undefined || value === undefined || reservedParameters.has(name)) continue;
    slots[name] = value;
    if (Object.keys(slots).length >= maxSlots) break;
  }
  const intent = cleanName(parameters.intent);
  const text = cleanText(parameters.text);
  // The caller id Connect's telephony delivered; chat, task and email contacts have none.
  const endpoint = contact?.CustomerEndpoint;
  const phone =
    endpoint?.Type === 'TELEPHONE_NUMBER' ? normalizePhone(endpoint.Address) : undefined;
  const channel = contact?.Channel?.toUpperCase();
  return {
    ok: true,
    echo: undefined,
    turn: buildTurn(
      {
        channel: 'connect',
        sessionId,
        locale,
        inputMode:
          channel === 'CHAT' || channel === 'TASK' || channel === 'EMAIL' ? 'text' : 'voice',
        phase,
        intent,
        text,
        slots,
        confirmation: parseConfirmation(parameters.confirmation),
        phone,
        identity: phone === undefined ? 'anonymous' : 'carrier',
      },
      meta,
    ),
  };
}

function spokenText(messages: readonly Speech[]): string {
  return messages
    .map(({ text }) => text.trim())
    .filter((text) => text !== '')
    .join(' ');
}

/**
 * A flow branches on `outcome` only: asking to confirm is eliciting the `confirmation`
 * parameter, and "let the bot carry on" means "ask the caller what the flow asks next".
 */
function connectOutcome(reply: Reply): { outcome: ConnectOutcome; slotToElicit?: string } {
  const slotToElicit = cleanName(reply.slotToElicit);
  switch (reply.outcome) {
    case 'confirm':
      return { outcome: 'elicit', slotToElicit: 'confirmation' };
    case 'delegate':
    case 'elicit':
      return slotToElicit === undefined
        ? { outcome: 'elicit' }
        : { outcome: 'elicit', slotToElicit };
    default:
      return { outcome: reply.outcome };
  }
}

function fitted(response: Record<string, string>): ConnectResponse {
  if (utf8Bytes(response) <= maxResponseBytes) return response;
  const message = truncate(response.message ?? '', maxMessageLength);
  const ssml =
    (response.ssml ?? '').length <= maxSsmlLength ? (response.ssml ?? '') : speakDocument(message);
  return { ...response, message, ssml };
}

/** A prompt for a reply that says nothing but still needs an answer from the caller. */
function builtInPrompt(reply: Reply): Speech {
  switch (reply.outcome) {
    case 'confirm':
      return builtInSpeech('askConfirmation', reply.locale);
    case 'elicit':
    case 'delegate':
      return builtInSpeech('askIntent', reply.locale);
    default:
      return builtInSpeech('apology', reply.locale);
  }
}

function renderConnectResponse(reply: Reply): ConnectResponse {
  const intent = cleanName(reply.intent);
  const silent = spokenText(reply.messages) === '';
  // A Play prompt with an empty text is an error in Connect: the flow branches past it instead.
  if (silent && reply.outcome === 'fulfilled') {
    return { outcome: 'idle', locale: reply.locale, ...(intent !== undefined && { intent }) };
  }
  const speeches = silent ? [builtInPrompt(reply)] : reply.messages;
  const { outcome, slotToElicit } = connectOutcome(reply);
  const jobId = cleanText(reply.jobId, maxJobIdLength);
  return fitted({
    outcome,
    message: spokenText(speeches),
    ssml: joinSsml(speeches),
    locale: reply.locale,
    ...(intent !== undefined && { intent }),
    ...(slotToElicit !== undefined && { slotToElicit }),
    ...(jobId !== undefined && { jobId }),
  });
}

/** The flow's normal branches still work: `failed` plus something to say. */
function connectApology(locale: Locale): ConnectResponse {
  const apology = builtInSpeech('apology', locale);
  return { outcome: 'failed', message: apology.text, ssml: apology.ssml, locale };
}

export const connectAdapter: ChannelAdapter<unknown, undefined, ConnectResponse> = {
  name: 'connect',
  parse: parseConnect,
  render: renderConnectResponse,
  apology: connectApology,
  correlationIdOf: (event) =>
    cleanSessionId(
      (event as { Details?: { ContactData?: { ContactId?: unknown } } } | null)?.Details
        ?.ContactData?.ContactId,
    ),
};
