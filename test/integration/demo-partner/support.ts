/**
 * Client-side helpers for the demo partner tests. Everything that signs or authenticates here is
 * written from the public schemes, independently of the server code under test.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DemoPartner,
  type DemoPartnerOptions,
  startDemoPartner,
} from '../../../infra/local/demo-partner/server.ts';

export type Secrets = Record<string, Record<string, unknown>>;

const secrets: Secrets = JSON.parse(
  readFileSync(new URL('../../../infra/local/secrets.json', import.meta.url), 'utf8'),
);

function secret<T>(name: string): T {
  const value = secrets[name];
  if (!value) throw new Error(`test setup: secret ${name} missing`);
  return value as T;
}

export const shopApi = secret<{ token: string }>('switchboard/shop/api');
export const crmApi = secret<{ clientId: string; clientSecret: string }>('switchboard/crm/api');
export const calendarApi = secret<{ apiKey: string }>('switchboard/calendar/api');
const paymentsApi = secret<{ keyId: string; signingSecret: string }>('switchboard/payments/api');
export const smsApi = secret<{ token: string }>('switchboard/sms/api');
export const ticketsApi = secret<{ username: string; password: string }>('switchboard/tickets/api');

export function webhookSecrets(system: string): { inbound: string[]; outbound: string } {
  return secret(`switchboard/${system}/webhooks`);
}

/** A clock the tests can move forward, shared by the partner and the test's own signing. */
export class TestClock {
  offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

/** A loopback URL nothing listens on (fetch refuses well-known ports such as 9, so pick a real one). */
export async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

export interface PartnerHandle {
  partner: DemoPartner;
  url: string;
  clock: TestClock;
}

export async function startTestPartner(
  overrides: Partial<DemoPartnerOptions> = {},
): Promise<PartnerHandle> {
  const clock = new TestClock();
  const partner = await startDemoPartner({
    port: 0,
    secrets,
    switchboardUrl: await unusedUrl(),
    now: clock.now,
    bookingDelayMs: 50,
    ...overrides,
  });
  return { partner, url: partner.url, clock };
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert response fields one by one
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert response fields one by one
export async function call<T = any>(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<JsonResponse<T>> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(url, {
    ...rest,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: body as T };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const basic = (username: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});

export async function crmToken(baseUrl: string): Promise<string> {
  const response = await call<{ access_token: string }>(`${baseUrl}/crm/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: crmApi.clientId,
      client_secret: crmApi.clientSecret,
    }).toString(),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return response.body.access_token;
}

/** The payments API's request signature, as a client would compute it. */
export function paymentsHeaders(
  method: string,
  pathWithQuery: string,
  body: string,
  options: { now?: Date; secret?: string; keyId?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.floor((options.now ?? new Date()).getTime() / 1000));
  const signature = createHmac('sha256', options.secret ?? paymentsApi.signingSecret)
    .update(`${method}\n${pathWithQuery}\n${timestamp}\n${body}`)
    .digest('hex');
  return {
    'x-key-id': options.keyId ?? paymentsApi.keyId,
    'x-timestamp': timestamp,
    'x-signature': signature,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests assert response fields one by one
export async function control<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<JsonResponse<T>> {
  return call<T>(`${baseUrl}/_control/${path}`, {
    method,
    ...(json !== undefined ? { json } : {}),
  });
}

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

/** Plays Switchboard's `POST /webhooks/{partner}`: records each request and answers 202. */
export async function startCaptureServer(): Promise<{
  url: string;
  requests: CapturedRequest[];
  stop(): Promise<void>;
}> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
      });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: true, delivery: requests.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Headers flattened to strings, as a webhook receiver reads them. */
export function flat(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
}
