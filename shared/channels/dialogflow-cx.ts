/**
 * Dialogflow CX webhook (`WebhookRequest` → `WebhookResponse`), `POST /channels/dialogflow-cx`.
 * `fulfillmentInfo.tag` names the skill; session parameters carry the slots.
 */
import * as z from 'zod';
import type { InputMode, Locale, Reply, Speech } from '#shared/conversation/types.ts';
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
  cleanSessionId,
  cleanText,
  maxSlots,
  maxSlotValueLength,
  parseConfirmation,
  scalarText,
  utf8Bytes,
} from './common.ts';
import { normalizeLocale } from './locale.ts';
import { normalizePhone } from './phone.ts';
import { builtInSpeech, joinSsml, truncate } from './speech.ts';

export type CxMessage =
  | { readonly text: { readonly text: readonly string[] } }
  | { readonly outputAudioText: { readonly ssml: string } };

export interface CxResponse {
  readonly fulfillmentResponse: { readonly messages: readonly CxMessage[] };
  /** `null` deletes a parameter in CX. */
  readonly sessionInfo: { readonly parameters: Readonly<Record<string, string | null>> };
  readonly pageInfo?: {
    readonly formInfo: {
      readonly parameterInfo: readonly {
        readonly displayName: string;
        readonly state: 'INVALID';
      }[];
    };
  };
}

export interface CxEcho {
  /** Spoken input (telephony, transcript, DTMF): replies carry SSML for synthesis too. */
  readonly voice: boolean;
  /** The current page's form parameters: only these can be marked INVALID to be asked again. */
  readonly formParameters: readonly string[];
  /** The agent's name for a slot where it differs (`order_number` for `orderNumber`). */
  readonly parameterNames: Readonly<Record<string, string>>;
  /** Each slot's value as received: an unchanged value is not written back, so it keeps its type. */
  readonly received: Readonly<Record<string, string>>;
}

/** CX agents name parameters in snake_case; skills name slots in camelCase. */
const slotNameOf = (parameter: string): string =>
  parameter.replace(/[_-]+([a-z0-9])/g, (_match, next: string) => next.toUpperCase());

/** Session parameters a flow routes on (CX names allow letters, digits, `_` and `-`). */
export const outcomeParameter = 'switchboard_outcome';
export const jobIdParameter = 'switchboard_job_id';
export const slotToElicitParameter = 'switchboard_slot_to_elicit';

const maxResponseBytes = 64 * 1024;
const maxMessageLength = 4096;
const maxJobIdLength = 200;

const optionalText = z.string().optional().catch(undefined);

const cxRequestSchema = z.object({
  fulfillmentInfo: z.object({ tag: optionalText }).optional().catch(undefined),
  sessionInfo: z
    .object({
      session: optionalText,
      parameters: z.record(z.string(), z.unknown()).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  text: optionalText,
  transcript: optionalText,
  dtmfDigits: optionalText,
  languageCode: optionalText,
  pageInfo: z
    .object({
      formInfo: z
        .object({
          parameterInfo: z
            .array(z.object({ displayName: optionalText }).nullable().catch(null))
            .optional()
            .catch(undefined),
        })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
  payload: z
    .object({
      telephony: z.object({ caller_id: optionalText }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

const pad = (value: number, width = 2) => String(Math.trunc(value)).padStart(width, '0');
const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * CX system entities resolve to objects: `@sys.date` → `{year, month, day}`, `@sys.time` →
 * `{hours, minutes, seconds}`, currencies → `{amount, currency}`, people → `{name}`. Skills get
 * the ISO-like text a Lex slot would give them; anything else is compact JSON.
 */
function parameterText(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object') return scalarText(value);
  if (Array.isArray(value)) {
    const items = value
      .slice(0, 20)
      .map((item) => (depth < 2 ? parameterText(item, depth + 1) : undefined))
      .filter((item) => item !== undefined);
    return items.length === 0 ? undefined : cleanText(items.join(', '), maxSlotValueLength);
  }
  const fields = value as Readonly<Record<string, unknown>>;
  const { year, month, day, hours, minutes, seconds } = fields;
  const date =
    isNumber(year) && isNumber(month) && isNumber(day)
      ? `${pad(year, 4)}-${pad(month)}-${pad(day)}`
      : undefined;
  const time =
    isNumber(hours) && isNumber(minutes)
      ? `${pad(hours)}:${pad(minutes)}:${pad(isNumber(seconds) ? seconds : 0)}`
      : undefined;
  if (date !== undefined || time !== undefined) {
    return [date, time].filter((part) => part !== undefined).join('T');
  }
  const unit = fields.currency ?? fields.unit;
  if (isNumber(fields.amount) && typeof unit === 'string') return `${fields.amount} ${unit}`;
  if (typeof fields.name === 'string') return cleanText(fields.name, maxSlotValueLength);
  // Nesting deeper than the stack makes JSON.stringify throw; such a value is no slot either.
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return json.length <= maxSlotValueLength ? json : undefined;
}

function inputModeOf(request: z.infer<typeof cxRequestSchema>): InputMode {
  if (request.dtmfDigits !== undefined && request.text === undefined) return 'dtmf';
  if (request.transcript !== undefined || request.payload?.telephony !== undefined) return 'voice';
  return 'text';
}

/**
 * Takes the parsed `WebhookRequest`, or its JSON text as API Gateway delivers it. Text that is
 * not JSON is no webhook call from CX, so it is refused rather than apologised to.
 */
function parseDialogflowCx(event: unknown, meta: ParseMeta): ParseResult<CxEcho, HttpErrorAnswer> {
  let body = event;
  if (typeof event === 'string') {
    try {
      body = JSON.parse(event);
    } catch {
      return {
        ok: false,
        locale: 'en-US',
        problem: 'the body is not JSON',
        refusal: httpErrorAnswer(400, 'invalid_json', 'the body is not valid JSON'),
      };
    }
  }
  const parsed = cxRequestSchema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, locale: 'en-US', problem: 'the body is not a JSON WebhookRequest object' };
  }
  const request = parsed.data;
  const locale = normalizeLocale(request.languageCode);
  const inputMode = inputModeOf(request);
  const formParameters = (request.pageInfo?.formInfo?.parameterInfo ?? [])
    .map((parameter) => cleanName(parameter?.displayName))
    .filter((name) => name !== undefined);
  const parameters = request.sessionInfo?.parameters ?? {};
  const parameterNames: Record<string, string> = {};
  for (const name of [...formParameters, ...Object.keys(parameters)]) {
    const cleaned = cleanName(name);
    if (cleaned !== undefined && slotNameOf(cleaned) !== cleaned) {
      parameterNames[slotNameOf(cleaned)] = cleaned;
    }
  }
  const slots: Record<string, string> = {};
  let slotCount = 0;
  for (const [rawName, rawValue] of Object.entries(parameters)) {
    const name = cleanName(rawName);
    const value = parameterText(rawValue);
    // Our routing parameters and the yes/no answer are not slots.
    if (name === undefined || value === undefined || name === 'confirmation') continue;
    if (name.startsWith('switchboard_')) continue;
    slots[slotNameOf(name)] = value;
    if (++slotCount >= maxSlots) break;
  }
  const echo: CxEcho = {
    voice: inputMode !== 'text',
    formParameters,
    parameterNames,
    received: slots,
  };
  // `projects/…/agents/…[/environments/…]/sessions/<id>`: only the id is stable across agents.
  const sessionId = cleanSessionId(request.sessionInfo?.session?.split('/').at(-1));
  if (sessionId === undefined) {
    return { ok: false, locale, problem: 'sessionInfo.session is missing or invalid', echo };
  }
  const intent = cleanName(request.fulfillmentInfo?.tag);
  const text = cleanText(request.text ?? request.transcript ?? request.dtmfDigits);
  const phone = normalizePhone(request.payload?.telephony?.caller_id);
  // The caller id is the carrier's only when CX itself is proven to be the one calling.
  const identity =
    phone === undefined ? 'anonymous' : meta.principal?.kind === 'platform' ? 'carrier' : 'claimed';
  return {
    ok: true,
    echo,
    turn: buildTurn(
      {
        channel: 'dialogflow-cx',
        sessionId,
        locale,
        inputMode,
        phase: 'fulfillment',
        intent,
        text,
        slots,
        confirmation: parseConfirmation(parameters.confirmation),
        phone,
        identity,
      },
      meta,
    ),
  };
}

/**
 * Text messages are what a chat front end shows; for voice one `outputAudioText` is added,
 * because CX synthesises from those alone whenever one is present.
 */
function cxMessages(speeches: readonly Speech[], voice: boolean): CxMessage[] {
  const texts = speeches
    .map(({ text }) => truncate(text.trim(), maxMessageLength))
    .filter((text) => text !== '')
    .map((text): CxMessage => ({ text: { text: [text] } }));
  if (!voice || texts.length === 0) return texts;
  return [...texts, { outputAudioText: { ssml: joinSsml(speeches) } }];
}

function response(
  speeches: readonly Speech[],
  echo: CxEcho,
  parameters: Readonly<Record<string, string | null>>,
  invalid: string | undefined,
): CxResponse {
  return {
    fulfillmentResponse: { messages: cxMessages(speeches, echo.voice) },
    sessionInfo: { parameters },
    ...(invalid !== undefined && {
      pageInfo: { formInfo: { parameterInfo: [{ displayName: invalid, state: 'INVALID' }] } },
    }),
  };
}

/** Within 64 KiB: trailing messages go first, then the last one is cut, then written-back slots. */
function withinSizeLimit(
  speeches: readonly Speech[],
  echo: CxEcho,
  parameters: Readonly<Record<string, string | null>>,
  routing: Readonly<Record<string, string | null>>,
  invalid: string | undefined,
): CxResponse {
  let kept = [...speeches];
  let fitted = response(kept, echo, parameters, invalid);
  while (utf8Bytes(fitted) > maxResponseBytes && kept.length > 1) {
    kept = kept.slice(0, -1);
    fitted = response(kept, echo, parameters, invalid);
  }
  const last = kept[0];
  if (utf8Bytes(fitted) > maxResponseBytes && last !== undefined) {
    const text = truncate(last.text, 1024);
    kept = [{ text, ssml: '' }];
    fitted = response(kept, echo, parameters, invalid);
  }
  return utf8Bytes(fitted) > maxResponseBytes ? response(kept, echo, routing, invalid) : fitted;
}

function renderDialogflowCxResponse(reply: Reply, echo: CxEcho): CxResponse {
  const agentName = (slot: string): string => echo.parameterNames[slot] ?? slot;
  const asked = reply.outcome === 'confirm' ? 'confirmation' : reply.slotToElicit;
  const slotToElicit =
    reply.outcome === 'elicit' || reply.outcome === 'confirm'
      ? cleanName(asked === undefined ? undefined : agentName(asked))
      : undefined;
  const jobId = cleanText(reply.jobId, maxJobIdLength);
  // Always written, so a value left from an earlier turn never misleads the flow.
  const routing: Record<string, string | null> = {
    [outcomeParameter]: reply.outcome,
    [jobIdParameter]: jobId ?? null,
    [slotToElicitParameter]: slotToElicit ?? null,
  };
  const parameters: Record<string, string | null> = {};
  for (const [rawName, value] of Object.entries(reply.slots)) {
    const name = cleanName(rawName);
    if (name !== undefined && echo.received[name] !== value) parameters[agentName(name)] = value;
  }
  // Asking again means the current value was rejected: clear it so the form collects it anew.
  if (slotToElicit !== undefined) parameters[slotToElicit] = null;
  // A PIN or code the caller said is deleted from CX's session, not left in it.
  for (const secret of reply.forgetSlots ?? []) {
    const name = cleanName(secret);
    if (name !== undefined) parameters[agentName(name)] = null;
  }
  const invalid =
    slotToElicit !== undefined && echo.formParameters.includes(slotToElicit)
      ? slotToElicit
      : undefined;
  return withinSizeLimit(reply.messages, echo, { ...parameters, ...routing }, routing, invalid);
}

function dialogflowCxApology(locale: Locale, echo?: CxEcho): CxResponse {
  return response(
    [builtInSpeech('apology', locale)],
    echo ?? { voice: false, formParameters: [], parameterNames: {}, received: {} },
    { [outcomeParameter]: 'failed', [jobIdParameter]: null, [slotToElicitParameter]: null },
    undefined,
  );
}

export const dialogflowCxAdapter: ChannelAdapter<unknown, CxEcho, CxResponse, HttpErrorAnswer> = {
  name: 'dialogflow-cx',
  parse: parseDialogflowCx,
  render: renderDialogflowCxResponse,
  apology: dialogflowCxApology,
};
