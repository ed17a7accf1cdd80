import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalFunction } from '../lambda/local-function.ts';
import {
  fromHttpApiResult,
  type HttpResponse,
  internalServerError,
  type LocalRoute,
  matchRoute,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  toHttpApiEvent,
} from './http-api.ts';
import { invokeFunction, invokePathPattern } from './lambda-api.ts';
import type { LocalSecretsManager } from './secrets-manager.ts';

/** API Gateway's request payload limit. */
const maxRequestBytes = 10 * 1024 * 1024;
/** HTTP API integrations give up after 30 s, whatever the function's own timeout. */
const integrationTimeoutMs = 30_000;

export interface GatewayOptions {
  readonly routes: readonly LocalRoute[];
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly secrets: LocalSecretsManager;
  readonly health: () => Promise<{ healthy: boolean; parts: Record<string, unknown> }>;
  readonly log: (line: string) => void;
  /** Takes a request before the gateway does (the local console); true when it answered it. */
  readonly intercept?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

/**
 * The one local port: the HTTP API routes (as API Gateway delivers them), the Lambda Invoke API,
 * the Secrets Manager calls functions make, and `GET /health`.
 */
export function createGateway(options: GatewayOptions): Server {
  const server = createServer((request, response) => {
    if (options.intercept?.(request, response)) return;
    handle(options, request)
      .catch((error: unknown) => {
        options.log(
          `gateway error on ${request.method} ${request.url}: ${(error as Error).message}`,
        );
        return internalServerError();
      })
      .then((result) => send(response, result));
  });
  // Longer than any client's idle timeout (undici's is 4 s), so a client never reuses a socket
  // the gateway is closing at that moment (ECONNRESET); API Gateway's own idle timeout is longer.
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(options: GatewayOptions, request: IncomingMessage): Promise<HttpResponse> {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const path = url.split('?')[0] ?? '/';
  const body = await readBody(request, maxRequestBytes);
  if (body === 'too-large') return payloadTooLarge();

  const target = request.headers['x-amz-target'];
  if (method === 'POST' && typeof target === 'string' && target.startsWith('secretsmanager.')) {
    return options.secrets.handle(target, body);
  }
  const invoke = method === 'POST' ? invokePathPattern.exec(path) : null;
  if (invoke?.[1]) {
    const invocationType = request.headers['x-amz-invocation-type'];
    return invokeFunction(
      options.functions,
      {
        encodedName: invoke[1],
        invocationType: typeof invocationType === 'string' ? invocationType : undefined,
        body,
      },
      options.log,
    );
  }
  if (method === 'GET' && path === '/health') {
    const report = await options.health();
    return {
      statusCode: report.healthy ? 200 : 503,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(report)),
    };
  }

  const match = matchRoute(options.routes, method, path);
  if (!match) return notFound();
  const fn = options.functions.get(match.route.functionName);
  if (!fn) return internalServerError();
  const requestId = randomUUID();
  const event = toHttpApiEvent(
    {
      method,
      url,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      requestId,
      now: new Date(),
    },
    match,
  );
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    fn.invoke(event),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integrationTimeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  const result =
    outcome === 'timeout'
      ? serviceUnavailable()
      : outcome.ok
        ? fromHttpApiResult(outcome.payload)
        : internalServerError();
  if (outcome !== 'timeout' && !outcome.ok) {
    options.log(
      `${fn.name} failed on ${match.route.method} ${match.route.path}: ${outcome.error.errorType}`,
    );
  }
  return { ...result, headers: { ...result.headers, 'apigw-requestid': requestId } };
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: HttpResponse): void {
  response.writeHead(result.statusCode, {
    ...result.headers,
    'content-length': String(result.body.length),
  });
  response.end(result.body);
}
