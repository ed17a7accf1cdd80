/**
 * Each system's endpoint for Switchboard's own (outbound) webhooks, signed with Standard
 * Webhooks and that system's `outbound` secret. Everything is recorded, verified or not, so tests
 * can see exactly what Switchboard sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PartnerContext, ReceivedWebhook } from './context.ts';
import { type SystemName, systemNames } from './credentials.ts';
import { errorResponse, headerValue, type PartnerRequest, type PartnerResponse } from './http.ts';
import type { Route } from './router.ts';
import { standardWebhooksKey } from './webhook-signers.ts';

const outboundToleranceSeconds = 300;

type Verification = { verified: true } | { verified: false; reason: string };

function verifyStandardWebhook(req: PartnerRequest, secret: string, now: Date): Verification {
  const id = headerValue(req, 'webhook-id');
  const timestamp = headerValue(req, 'webhook-timestamp');
  const signatures = headerValue(req, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    return {
      verified: false,
      reason: 'missing webhook-id, webhook-timestamp or webhook-signature',
    };
  }
  if (!/^\d{1,12}$/.test(timestamp))
    return { verified: false, reason: 'webhook-timestamp is not Unix seconds' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > outboundToleranceSeconds) {
    return {
      verified: false,
      reason: `webhook-timestamp is more than ${outboundToleranceSeconds} s from now`,
    };
  }
  const expected = createHmac('sha256', standardWebhooksKey(secret))
    .update(`${id}.${timestamp}.`)
    .update(req.rawBody)
    .digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const candidate = Buffer.from(value, 'base64');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? { verified: true } : { verified: false, reason: 'no v1 signature matches' };
}

function flatHeaders(req: PartnerRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parsedBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function receive(system: SystemName, req: PartnerRequest, ctx: PartnerContext): PartnerResponse {
  const now = ctx.now();
  const verification = verifyStandardWebhook(req, ctx.credentials[system].webhooks.outbound, now);
  const body = parsedBody(req.rawBody);
  const id = headerValue(req, 'webhook-id') ?? null;
  const type =
    body !== null &&
    typeof body === 'object' &&
    typeof (body as { type?: unknown }).type === 'string'
      ? (body as { type: string }).type
      : null;
  const duplicate =
    id !== null &&
    ctx.state.received.some(
      (earlier) => earlier.system === system && earlier.id === id && earlier.verified,
    );
  const record: ReceivedWebhook = {
    system,
    id,
    type,
    headers: flatHeaders(req),
    body,
    verified: verification.verified,
    ...(verification.verified ? {} : { reason: verification.reason }),
    duplicate,
    receivedAt: now.toISOString(),
  };
  ctx.state.received.push(record);
  if (!verification.verified) {
    return errorResponse(401, 'invalid_signature', `Webhook rejected: ${verification.reason}.`);
  }
  return { status: 204 };
}

export const outboundReceiverRoutes: Route<PartnerContext>[] = systemNames.map((system) => ({
  method: 'POST',
  path: `/${system}/webhooks/switchboard`,
  operation: `${system}.receiveWebhook`,
  // The Standard Webhooks signature is the authentication; it is checked (and recorded) below.
  auth: 'none',
  handle: (req, ctx) => receive(system, req, ctx),
}));
