import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type PartnerContext, type PartnerSettings, PartnerState } from './context.ts';
import { controlRoutes } from './control.ts';
import { type LocalSecrets, loadPartnerCredentials } from './credentials.ts';
import { breakSchema, type FaultSpec, truncateJson } from './faults.ts';
import { errorResponse, type PartnerRequest, type PartnerResponse } from './http.ts';
import { outboundReceiverRoutes } from './outbound-receiver.ts';
import { type Route, Router } from './router.ts';
import { calendarRoutes } from './systems/calendar.ts';
import { crmRoutes } from './systems/crm.ts';
import { paymentRoutes } from './systems/payments.ts';
import { shopRoutes } from './systems/shop.ts';
import { smsRoutes } from './systems/sms.ts';
import { ticketRoutes } from './systems/tickets.ts';

export type { LocalSecrets } from './credentials.ts';

export interface DemoPartnerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  secrets: LocalSecrets;
  /** Where emitted webhooks go: `${switchboardUrl}/webhooks/<system>`. */
  switchboardUrl: string;
  now?: () => Date;
  /** Lifetime of CRM access tokens; default env DEMO_PARTNER_CRM_TOKEN_TTL_SECONDS, else 300 s. */
  crmTokenTtlSeconds?: number;
  /** How long a calendar booking takes; default env DEMO_PARTNER_BOOKING_DELAY_MS, else 3000 ms. */
  bookingDelayMs?: number;
}

export interface DemoPartner {
  readonly url: string;
  stop(): Promise<void>;
}

const defaultSettings: PartnerSettings = { crmTokenTtlSeconds: 300, bookingDelayMs: 3000 };

const maxBodyBytes = 1024 * 1024;

/** Lets `npm start` (which passes no settings) be tuned the same way as `npm run demo-partner`. */
function integerFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

const systemRoutes: Route<PartnerContext>[] = [
  ...shopRoutes,
  ...crmRoutes,
  ...calendarRoutes,
  ...paymentRoutes,
  ...smsRoutes,
  ...ticketRoutes,
  ...outboundReceiverRoutes,
];

/** Operations a fault can target and `/_control/calls` reports. */
const knownOperations: readonly string[] = [
  ...new Set([
    ...systemRoutes.flatMap((route) =>
      typeof route.operation === 'string' ? [route.operation] : [],
    ),
    'crm.graphql',
  ]),
];

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: PartnerResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  const bodyless = response.status === 204 || response.status === 304 || response.status < 200;
  let payload: string | undefined;
  if (!bodyless && (response.text !== undefined || response.body !== undefined)) {
    payload = response.text ?? JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function injectedStatus(fault: FaultSpec & { status: number }): PartnerResponse {
  return errorResponse(fault.status, 'injected_fault', `Injected fault: HTTP ${fault.status}.`, {
    ...(fault.retryAfterSeconds !== undefined
      ? { headers: { 'retry-after': String(fault.retryAfterSeconds) } }
      : {}),
  });
}

/** The body fault replaces what the operation really answered, keeping its status unless told. */
function withBrokenBody(fault: FaultSpec, real: PartnerResponse): PartnerResponse {
  const realBody = real.body ?? {};
  const text =
    fault.body === 'malformed'
      ? truncateJson(JSON.stringify(realBody))
      : JSON.stringify(breakSchema(realBody));
  const headers: Record<string, string> = {
    ...real.headers,
    'content-type': 'application/json; charset=utf-8',
  };
  if (fault.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(fault.retryAfterSeconds);
  const status = fault.status ?? (real.status === 204 ? 200 : real.status);
  return { status, headers, text };
}

async function runRoute(
  route: Route<PartnerContext>,
  request: PartnerRequest,
  ctx: PartnerContext,
): Promise<PartnerResponse> {
  const rejection = route.auth === 'none' ? undefined : route.auth(request, ctx);
  return rejection ?? (await route.handle(request, ctx));
}

export async function startDemoPartner(options: DemoPartnerOptions): Promise<DemoPartner> {
  const now = options.now ?? (() => new Date());
  const lifetime = new AbortController();
  const initialSettings: PartnerSettings = {
    crmTokenTtlSeconds:
      options.crmTokenTtlSeconds ??
      integerFromEnv('DEMO_PARTNER_CRM_TOKEN_TTL_SECONDS') ??
      defaultSettings.crmTokenTtlSeconds,
    bookingDelayMs:
      options.bookingDelayMs ??
      integerFromEnv('DEMO_PARTNER_BOOKING_DELAY_MS') ??
      defaultSettings.bookingDelayMs,
  };
  const ctx: PartnerContext = {
    credentials: loadPartnerCredentials(options.secrets),
    state: new PartnerState(now()),
    settings: { ...initialSettings },
    initialSettings,
    switchboardUrl: options.switchboardUrl.replace(/\/+$/, ''),
    signal: lifetime.signal,
    now,
  };
  const systems = new Router<PartnerContext>().add(systemRoutes);
  const control = new Router<PartnerContext>().add(controlRoutes(knownOperations));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo-partner.local');
    const method = req.method ?? 'GET';
    const isControl = url.pathname === '/_control' || url.pathname.startsWith('/_control/');
    const match = (isControl ? control : systems).match(method, url.pathname);
    if (match.kind === 'not-found') {
      send(res, errorResponse(404, 'not_found', `No route for ${method} ${url.pathname}.`));
      return;
    }
    if (match.kind === 'method-not-allowed') {
      send(
        res,
        errorResponse(405, 'method_not_allowed', `${method} is not allowed here.`, {
          headers: { allow: match.allowed.join(', ') },
        }),
      );
      return;
    }
    const request: PartnerRequest = {
      method,
      path: url.pathname,
      target: req.url ?? url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody: await readBody(req),
      params: match.params,
    };
    const { route } = match;
    if (isControl) {
      send(res, await runRoute(route, request, ctx));
      return;
    }

    const operation =
      typeof route.operation === 'string' ? route.operation : route.operation(request);
    // Counted on arrival: faulted and unauthenticated calls still reached the partner.
    ctx.state.countCall(operation);
    const fault = ctx.state.faults.take(operation);
    if (fault?.latencyMs) await sleep(fault.latencyMs, undefined, { signal: lifetime.signal });
    // A hang never answers; stop() destroys the socket.
    if (fault?.hang) return;
    if (fault?.status !== undefined && fault.body === undefined) {
      send(res, injectedStatus({ ...fault, status: fault.status }));
      return;
    }
    const response = await runRoute(route, request, ctx);
    send(res, fault?.body ? withBrokenBody(fault, response) : response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (lifetime.signal.aborted || res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        send(
          res,
          errorResponse(413, 'payload_too_large', `Bodies are limited to ${maxBodyBytes} bytes.`),
        );
        return;
      }
      // Only the error's class is logged: messages could carry request data.
      console.error(
        `demo partner: ${req.method} ${req.url?.split('?')[0]} failed (${(error as Error).name})`,
      );
      send(res, errorResponse(500, 'internal_error', 'The demo partner failed on this request.'));
    });
  });

  // Longer than clients' idle timeouts, so none reuses a socket as it is being closed.
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const reachableHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${reachableHost}:${port}`,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        lifetime.abort();
        server.close(() => resolve());
        // Hung and keep-alive sockets would otherwise hold close() open indefinitely.
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
