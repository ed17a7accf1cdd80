/**
 * `POST /webhooks/{partner}`: verify over the raw bytes, validate, then put the event on the
 * `events` queue exactly once per partner event id. Only a failure to queue (or to read our own
 * secrets) is 5xx, so a partner retries exactly when it should.
 */
import { createHash } from 'node:crypto';
import { UnqueueableMessageError } from '#shared/workers/queue-message.ts';
import type { EnqueueOnce } from './enqueue-once.ts';
import { type InboundPartnerConfig, inboundPartner, type ParsedDelivery } from './inbound.ts';
import { replayableUnderNewId, verifyWebhook } from './index.ts';
import { headerReader } from './schemes/common.ts';
import type { SourceCheck } from './source-allow-list.ts';

export interface InboundRequest {
  readonly partner: string;
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received (API Gateway's base64 already decoded). */
  readonly rawBody: Buffer;
  /** The URL the partner called, query included; Twilio signs it. */
  readonly publicUrl: string;
  readonly correlationId: string;
  /** The address the request came from, as API Gateway saw it. */
  readonly sourceIp?: string;
}

export interface WebhookResponse {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * `queued`: this call put the event on the queue. `duplicate`: an earlier call did.
 * `in-progress`: an earlier call holds the lock right now and has not finished yet.
 */
export type EnqueueOutcome = 'queued' | 'duplicate' | 'in-progress';

export interface ReceiveLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface ReceiveDeps {
  readonly partners: Readonly<Record<string, InboundPartnerConfig>>;
  /** The partner's active inbound signing secrets (several during a rotation). */
  inboundSecrets(secretName: string): Promise<readonly string[]>;
  /**
   * Sends the message unless this partner event id (or, given a content hash, these verified
   * bytes) was already queued; throws if it cannot.
   */
  readonly enqueueOnce: EnqueueOnce;
  now(): Date;
  readonly log: ReceiveLog;
  /** The partners' source-IP allow-lists; absent, any source may deliver. */
  readonly sourceAllowed?: SourceCheck;
}

export function errorBody(code: string, message: string): Record<string, unknown> {
  return { error: { code, message } };
}

const fail = (statusCode: number, code: string, message: string): WebhookResponse => ({
  statusCode,
  body: errorBody(code, message),
});

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() || undefined;
}

function acceptsContentType(format: InboundPartnerConfig['bodyFormat'], type: string | undefined) {
  if (type === undefined) return false;
  if (format === 'form') return type === 'application/x-www-form-urlencoded';
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses the verified bytes; `undefined` means unreadable (400). */
function parseBody(format: InboundPartnerConfig['bodyFormat'], raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return undefined;
  }
  if (format === 'form') {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(text)) fields[name] = value;
    return fields;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function receiveWebhook(
  deps: ReceiveDeps,
  request: InboundRequest,
): Promise<WebhookResponse> {
  const { partner } = request;
  const config = inboundPartner(deps.partners, partner);
  if (!config) return fail(404, 'unknown_partner', 'No webhook endpoint for this partner.');
  if (deps.sourceAllowed && !deps.sourceAllowed(partner, request.sourceIp)) {
    deps.log.warn('webhook from a source outside the allow-list', { partner });
    return fail(
      403,
      'source_not_allowed',
      'This source may not deliver webhooks for this partner.',
    );
  }

  if (request.rawBody.length > config.maxBodyBytes) {
    return fail(413, 'payload_too_large', `Bodies are limited to ${config.maxBodyBytes} bytes.`);
  }
  const header = headerReader(request.headers);
  if (!acceptsContentType(config.bodyFormat, mediaType(header('content-type')))) {
    return fail(
      415,
      'unsupported_media_type',
      config.bodyFormat === 'form'
        ? 'Send application/x-www-form-urlencoded.'
        : 'Send application/json.',
    );
  }

  let secrets: readonly string[];
  try {
    secrets = await deps.inboundSecrets(config.secretName);
  } catch (error) {
    deps.log.warn('webhook secrets unavailable', { partner, error: (error as Error).name });
    return fail(503, 'unavailable', 'The webhook could not be accepted now; retry later.');
  }
  const verification = verifyWebhook({
    scheme: config.scheme,
    secrets,
    headers: request.headers,
    rawBody: request.rawBody,
    url: request.publicUrl,
    now: deps.now(),
  });
  if (!verification.valid) {
    deps.log.warn('webhook rejected', { partner, reason: verification.reason });
    return verification.reason === 'stale-timestamp'
      ? fail(401, 'stale_timestamp', 'The signed timestamp is outside the accepted window.')
      : fail(401, 'invalid_signature', 'The webhook signature could not be verified.');
  }

  const body = parseBody(config.bodyFormat, request.rawBody);
  if (body === undefined) return fail(400, 'unreadable_body', 'The body could not be parsed.');
  const delivery: ParsedDelivery = { header, body };
  const eventId = config.eventId(delivery);
  if (eventId === undefined) return fail(400, 'missing_event_id', 'The event id is missing.');
  const type = config.eventType(delivery);
  const accepted =
    type !== undefined && Object.hasOwn(config.events, type) ? config.events[type] : undefined;
  if (type === undefined || !accepted) {
    deps.log.warn('webhook event type not accepted', { partner, eventId, type });
    return fail(422, 'unknown_event_type', 'This event type is not accepted.');
  }
  const parsed = accepted.schema.safeParse(body);
  if (!parsed.success) {
    // Paths only: values may be personal data.
    const paths = parsed.error.issues.slice(0, 5).map((issue) => issue.path.join('.'));
    deps.log.warn('webhook payload invalid', { partner, eventId, type, paths });
    return {
      statusCode: 422,
      body: {
        error: {
          code: 'invalid_payload',
          message: `The ${type} payload does not match its schema.`,
          details: parsed.error.issues.slice(0, 20).map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        },
      },
    };
  }

  let outcome: EnqueueOutcome;
  try {
    outcome = await deps.enqueueOnce(
      {
        partner,
        eventId,
        type,
        payload: parsed.data,
        receivedAt: deps.now().toISOString(),
        correlationId: request.correlationId,
      },
      replayableUnderNewId(config.scheme)
        ? { contentHash: createHash('sha256').update(request.rawBody).digest('base64url') }
        : {},
    );
  } catch (error) {
    deps.log.warn('webhook could not be queued', {
      partner,
      eventId,
      error: (error as Error).name,
      ...(error instanceof UnqueueableMessageError && { reason: error.reason }),
    });
    // A refusal of the event itself would be refused again on every retry: say so, never 5xx.
    if (error instanceof UnqueueableMessageError) {
      return error.reason === 'too-large'
        ? fail(413, 'payload_too_large', `The event is too large to queue: ${error.message}`)
        : fail(422, 'unqueueable_event', 'The event holds characters that cannot be queued.');
    }
    return fail(503, 'unavailable', 'The webhook could not be queued; retry later.');
  }
  if (outcome === 'in-progress') {
    return {
      statusCode: 409,
      headers: { 'retry-after': '1' },
      body: errorBody('in_progress', 'This event is being accepted right now; retry shortly.'),
    };
  }
  deps.log.info('webhook accepted', { partner, eventId, type, outcome });
  return outcome === 'duplicate'
    ? { statusCode: 200, body: { duplicate: true, id: eventId } }
    : { statusCode: 202, body: { received: true, id: eventId } };
}
