import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { crmAccessToken, safeEqual } from '../auth.ts';
import type { PartnerContext } from '../context.ts';
import {
  headerValue,
  json,
  notFound,
  type PartnerRequest,
  type PartnerResponse,
  parseJsonBody,
  parseQuery,
  phoneNumber,
  phoneQueryValue,
} from '../http.ts';
import type { CrmCustomer, PartnerData } from '../model.ts';
import type { Route } from '../router.ts';
import { executeCrmQuery } from './crm-graphql.ts';

export function crmCustomerView(customer: CrmCustomer) {
  const { pin: _pin, ...visible } = customer;
  return structuredClone(visible);
}

function crmCustomerByPhone(data: PartnerData, phone: string): CrmCustomer | undefined {
  return [...data.crmCustomers.values()].find((customer) => customer.phone === phone);
}

/** RFC 6749 §5.2 error bodies: OAuth client libraries expect exactly this shape. */
function oauthError(status: number, error: string, description: string): PartnerResponse {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="crm"';
  return { status, headers, body: { error, error_description: description } };
}

function tokenRequestFields(req: PartnerRequest): Record<string, unknown> | undefined {
  const text = req.rawBody.toString('utf8');
  const contentType = headerValue(req, 'content-type') ?? '';
  if (contentType.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object'
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** client_secret_basic (Authorization header) or client_secret_post (body fields). */
function clientCredentials(req: PartnerRequest, fields: Record<string, unknown>) {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(
    headerValue(req, 'authorization') ?? '',
  )?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) return undefined;
    try {
      return {
        clientId: decodeURIComponent(decoded.slice(0, separator)),
        clientSecret: decodeURIComponent(decoded.slice(separator + 1)),
      };
    } catch {
      return undefined;
    }
  }
  const { client_id: clientId, client_secret: clientSecret } = fields;
  if (typeof clientId === 'string' && typeof clientSecret === 'string')
    return { clientId, clientSecret };
  return undefined;
}

function issueToken(req: PartnerRequest, ctx: PartnerContext): PartnerResponse {
  const fields = tokenRequestFields(req);
  if (!fields) return oauthError(400, 'invalid_request', 'The body must be form-encoded or JSON.');
  const client = clientCredentials(req, fields);
  if (!client) {
    return oauthError(
      401,
      'invalid_client',
      'Client authentication is required (Basic or client_id/client_secret).',
    );
  }
  const expected = ctx.credentials.crm.api;
  const idOk = safeEqual(client.clientId, expected.clientId);
  const secretOk = safeEqual(client.clientSecret, expected.clientSecret);
  if (!idOk || !secretOk) return oauthError(401, 'invalid_client', 'Client authentication failed.');
  if (fields.grant_type === undefined) {
    return oauthError(400, 'invalid_request', 'grant_type is required.');
  }
  if (fields.grant_type !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
  }

  const nowMs = ctx.now().getTime();
  for (const [token, expiresAt] of ctx.state.crmTokens) {
    if (expiresAt <= nowMs) ctx.state.crmTokens.delete(token);
  }
  const accessToken = `crm_at_${randomBytes(24).toString('base64url')}`;
  const lifetimeSeconds = ctx.settings.crmTokenTtlSeconds;
  ctx.state.crmTokens.set(accessToken, nowMs + lifetimeSeconds * 1000);
  return json(
    200,
    {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: lifetimeSeconds,
      scope: 'customers:read loyalty:read identity:verify',
    },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

const graphqlRequestSchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/**
 * Counted as the lookup it performs, so REST and GraphQL lookups share one counter (and one
 * fault target). Decided before parsing, because faults fire before the request is handled.
 */
function graphqlOperation(req: PartnerRequest): string {
  const text = req.rawBody.toString('utf8');
  if (/\bcustomerByPhone\b/.test(text)) return 'crm.findCustomerByPhone';
  if (/\bcustomer\s*\(/.test(text)) return 'crm.getCustomer';
  return 'crm.graphql';
}

function graphql(req: PartnerRequest, ctx: PartnerContext): PartnerResponse {
  let raw: unknown;
  try {
    raw = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return json(400, {
      errors: [{ message: 'The request body must be JSON: { "query": "..." }.' }],
    });
  }
  const request = graphqlRequestSchema.safeParse(raw);
  if (!request.success) {
    return json(400, {
      errors: [{ message: 'The request body must be { "query": string, "variables"?: object }.' }],
    });
  }
  const data = ctx.state.data;
  const { query, variables, operationName } = request.data;
  const lookups = {
    byPhone: (phone: string) => crmCustomerByPhone(data, phone),
    byId: (id: string) => data.crmCustomers.get(id),
    isPhone: (value: string) => phoneNumber.safeParse(value).success,
  };
  const result = executeCrmQuery(query, variables ?? {}, lookups, operationName);
  return json(200, result);
}

function findCustomer(req: PartnerRequest, ctx: PartnerContext) {
  return notFound(
    ctx.state.data.crmCustomers.get(req.params.id ?? ''),
    'customer_not_found',
    `No customer ${req.params.id}.`,
  );
}

const verifyPinSchema = z.object({ pin: z.string().regex(/^\d{4,6}$/, 'a PIN is 4–6 digits') });

export const crmRoutes: Route<PartnerContext>[] = [
  {
    method: 'POST',
    path: '/crm/oauth/token',
    operation: 'crm.issueToken',
    auth: 'none',
    handle: issueToken,
  },
  {
    method: 'GET',
    path: '/crm/customers',
    operation: 'crm.findCustomerByPhone',
    auth: crmAccessToken,
    handle(req, ctx) {
      const query = parseQuery(req, z.object({ phone: phoneQueryValue }));
      if (!query.ok) return query.response;
      const customer = crmCustomerByPhone(ctx.state.data, query.value.phone);
      return json(200, { customers: customer ? [crmCustomerView(customer)] : [] });
    },
  },
  {
    method: 'GET',
    path: '/crm/customers/{id}',
    operation: 'crm.getCustomer',
    auth: crmAccessToken,
    handle(req, ctx) {
      const found = findCustomer(req, ctx);
      return found.ok ? json(200, crmCustomerView(found.value)) : found.response;
    },
  },
  {
    method: 'GET',
    path: '/crm/customers/{id}/loyalty',
    operation: 'crm.getLoyalty',
    auth: crmAccessToken,
    handle(req, ctx) {
      const found = findCustomer(req, ctx);
      if (!found.ok) return found.response;
      return json(200, { customerId: found.value.id, ...found.value.loyalty });
    },
  },
  {
    method: 'POST',
    path: '/crm/customers/{id}/verify-pin',
    operation: 'crm.verifyPin',
    auth: crmAccessToken,
    handle(req, ctx) {
      const found = findCustomer(req, ctx);
      if (!found.ok) return found.response;
      const body = parseJsonBody(req, verifyPinSchema);
      if (!body.ok) return body.response;
      return json(200, { verified: safeEqual(body.value.pin, found.value.pin) });
    },
  },
  {
    method: 'POST',
    path: '/crm/graphql',
    operation: graphqlOperation,
    auth: crmAccessToken,
    handle: graphql,
  },
];
