/** One HTTP attempt against a REST or GraphQL operation, mapped to a value or a typed error. */
import type { AuthContext, AuthStrategy, OutgoingRequest } from './auth/types.ts';
import { codeForStatus, PartnerCallError } from './errors.ts';
import { parseRetryAfterMs } from './retry.ts';
import type { GraphqlOperation, RestOperation } from './types.ts';

export function buildRequest(
  operation: RestOperation<unknown, unknown> | GraphqlOperation<unknown, unknown>,
  input: unknown,
  baseUrl: string,
  headers: Record<string, string>,
): OutgoingRequest {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  if (operation.kind === 'graphql') {
    return {
      method: 'POST',
      url: new URL(operation.path.replace(/^\//, ''), base),
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: operation.query, variables: operation.variables(input) }),
    };
  }
  const body = operation.body?.(input);
  return {
    method: operation.method,
    url: new URL(operation.path(input).replace(/^\//, ''), base),
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  };
}

export interface AttemptOptions {
  readonly auth: AuthStrategy;
  readonly authContext: AuthContext;
  readonly refreshCredentials: boolean;
  readonly nowMs: number;
}

/** Returns the parsed JSON body of a 2xx answer, or throws a `PartnerCallError`. */
export async function sendAttempt(
  request: OutgoingRequest,
  options: AttemptOptions,
): Promise<unknown> {
  const { authContext } = options;
  const authorized = await options.auth.authorize(request, authContext, {
    refresh: options.refreshCredentials,
  });
  let response: Response;
  try {
    response = await authContext.fetch(authorized.url, {
      method: authorized.method,
      headers: authorized.headers,
      ...(authorized.body !== undefined && { body: authorized.body }),
      // Following would replay the partner's credentials (an API key, an HMAC header) to
      // wherever the redirect points; fetch only strips `authorization` cross-origin.
      redirect: 'manual',
      signal: authContext.signal,
    });
  } catch (error) {
    throw transportError(authContext, error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new PartnerCallError(
      codeForStatus(response.status),
      `${authContext.partner} answered HTTP ${response.status}`,
      {
        httpStatus: response.status,
        ...(() => {
          const retryAfterMs = parseRetryAfterMs(
            response.headers.get('retry-after'),
            options.nowMs,
          );
          return retryAfterMs === undefined ? {} : { retryAfterMs };
        })(),
      },
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(authContext, error);
  }
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new PartnerCallError(
      'invalid-response',
      `${authContext.partner} sent a body that is not JSON`,
      { httpStatus: response.status },
    );
  }
}

function transportError(context: AuthContext, error: unknown): PartnerCallError {
  if (error instanceof PartnerCallError) return error;
  if (context.signal.aborted) {
    return new PartnerCallError('timeout', `${context.partner} did not answer in time`, {
      cause: error,
    });
  }
  return new PartnerCallError(
    'unavailable',
    `${context.partner} could not be reached (${(error as Error).name})`,
    { cause: error },
  );
}

/** GraphQL answers 200 with `errors` for failures; those are failures here, never data. */
export function graphqlData(partner: string, body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object') {
    throw new PartnerCallError('invalid-response', `${partner} sent no GraphQL result`);
  }
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as { message?: unknown; extensions?: { code?: unknown } };
    const code = first?.extensions?.code;
    const message = typeof first?.message === 'string' ? first.message : 'GraphQL error';
    throw new PartnerCallError(
      code === 'UNAUTHENTICATED'
        ? 'auth'
        : code === 'BAD_USER_INPUT'
          ? 'bad-request'
          : 'invalid-response',
      `${partner} GraphQL error: ${message}`,
    );
  }
  if (data === null || typeof data !== 'object') {
    throw new PartnerCallError('invalid-response', `${partner} GraphQL result has no data`);
  }
  return data as Record<string, unknown>;
}
