import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpMethod } from '../../topology/types.ts';

/** A route of the local HTTP API, bound to the function that serves it. */
export interface LocalRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly functionName: string;
}

export interface RouteMatch {
  readonly route: LocalRoute;
  readonly pathParameters: Record<string, string>;
}

/**
 * Finds the route for a request as API Gateway does: literal segments must be equal, `{name}`
 * takes one segment, `{name+}` takes the rest of the path, and the most literal route wins.
 */
export function matchRoute(
  routes: readonly LocalRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const segments = path.split('/').filter(Boolean);
  const parameterCount = (route: LocalRoute) => route.path.split('{').length;
  const candidates = routes
    .filter((route) => route.method === method)
    .sort((a, b) => parameterCount(a) - parameterCount(b));
  for (const route of candidates) {
    const pathParameters = matchPath(route.path.split('/').filter(Boolean), segments);
    if (pathParameters) return { route, pathParameters };
  }
  return undefined;
}

function matchPath(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const greedy = /^\{(.+)\+\}$/.exec(part)?.[1];
    if (greedy) {
      const rest = segments.slice(index);
      if (rest.length === 0) return undefined;
      parameters[greedy] = rest.map(safeDecode).join('/');
      return parameters;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name) parameters[name] = safeDecode(segment);
    else if (part !== segment) return undefined;
  }
  return segments.length === pattern.length ? parameters : undefined;
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * Content types API Gateway HTTP APIs hand over as text; every other body (form posts included,
 * and requests with no content type) arrives base64-encoded.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript'
  );
}

export interface IncomingRequest {
  readonly method: string;
  /** Path and query as received, e.g. `/webhooks/shop?x=1`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly now: Date;
}

/** Builds the payload-format-2.0 event API Gateway would deliver for a request. */
export function toHttpApiEvent(
  request: IncomingRequest,
  match: RouteMatch,
): APIGatewayProxyEventV2 {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1);

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    headers[lower] = Array.isArray(value) ? value.join(',') : value;
  }

  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[name] =
      name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }

  const routeKey = `${match.route.method} ${match.route.path}`;
  const hasBody = request.body.length > 0;
  const asText = isTextContentType(headers['content-type']);
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies && { cookies }),
    headers,
    ...(rawQueryString && { queryStringParameters }),
    ...(Object.keys(match.pathParameters).length > 0 && { pathParameters: match.pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey,
      stage: '$default',
      time: accessLogTime(request.now),
      timeEpoch: request.now.getTime(),
    },
    ...(hasBody && { body: request.body.toString(asText ? 'utf8' : 'base64') }),
    isBase64Encoded: hasBody && !asText,
  };
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

const jsonMessage = (statusCode: number, message: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ message })),
});

export const internalServerError = (): HttpResponse => jsonMessage(500, 'Internal Server Error');
export const serviceUnavailable = (): HttpResponse => jsonMessage(503, 'Service Unavailable');
export const notFound = (): HttpResponse => jsonMessage(404, 'Not Found');
export const payloadTooLarge = (): HttpResponse => jsonMessage(413, 'Request Entity Too Large');

/**
 * Turns a function's serialised result into the HTTP response, with API Gateway's rules for
 * payload format 2.0: a result with `statusCode` is used as given; anything else is a 200 whose
 * JSON body is the result.
 */
export function fromHttpApiResult(payload: string): HttpResponse {
  let result: unknown;
  try {
    result = JSON.parse(payload);
  } catch {
    return internalServerError();
  }
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const shaped = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    if (typeof shaped.statusCode !== 'number') return internalServerError();
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(shaped.headers ?? {})) {
      headers[name.toLowerCase()] = String(value);
    }
    if (Array.isArray(shaped.cookies) && shaped.cookies.length > 0) {
      headers['set-cookie'] = shaped.cookies.map(String);
    }
    const body = typeof shaped.body === 'string' ? shaped.body : '';
    return {
      statusCode: shaped.statusCode,
      headers,
      body: Buffer.from(body, shaped.isBase64Encoded === true ? 'base64' : 'utf8'),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(typeof result === 'string' ? result : payload),
  };
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` format, e.g. `21/Nov/2026:10:15:00 +0000`. */
function accessLogTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
