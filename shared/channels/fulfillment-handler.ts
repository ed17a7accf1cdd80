/**
 * Every fulfillment function is this handler around its channel adapters: parse, run the turn,
 * render. Whatever goes wrong, the channel still gets a valid answer in its own format (an
 * apology, or a refusal a client can correct): a bot platform can only turn an error into dead
 * air or its generic failure message.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { ChannelName, Locale, Reply, Turn } from '#shared/conversation/types.ts';
import { recordTurn } from '#shared/observability/metrics.ts';
import {
  type ChannelAdapter,
  errorBody,
  type HttpErrorAnswer,
  type ParseMeta,
  type ParseResult,
  type Principal,
} from './adapter.ts';
import type { Authenticator } from './auth/types.ts';

export interface FulfillmentDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  handleTurn(turn: Turn): Promise<Reply>;
  /** Deadline (the channel's budget, capped by the Lambda's own time) and correlation id. */
  turnMeta(channel: ChannelName, remainingTimeMs: number, correlationId: string): ParseMeta;
}

/** A channel behind API Gateway: its adapter reads the decoded request body. */
export type HttpChannelAdapter = ChannelAdapter<string, unknown, unknown, HttpErrorAnswer>;

/** Every HTTP route says how its callers prove themselves; there is no unauthenticated default. */
export interface HttpChannelRoute {
  readonly adapter: HttpChannelAdapter;
  readonly authenticate: Authenticator;
}

type Answer<Response, Refusal> =
  | { readonly refused: false; readonly response: Response }
  | { readonly refused: true; readonly refusal: Refusal };

/** Only if parsing itself threw, which leaves no locale to answer in. */
const unknownLocale: Locale = 'en-US';

async function answer<Event, Echo, Response, Refusal>(
  adapter: ChannelAdapter<Event, Echo, Response, Refusal>,
  event: Event,
  context: Context,
  deps: FulfillmentDeps,
  requestId: string,
  principal?: Principal,
): Promise<Answer<Response, Refusal>> {
  let correlationId = requestId;
  try {
    correlationId = adapter.correlationIdOf?.(event) ?? requestId;
  } catch {
    // A request too broken to name its conversation is still answered, under the request id.
  }
  const meta = {
    ...deps.turnMeta(adapter.name, context.getRemainingTimeInMillis(), correlationId),
    ...(principal && { principal }),
  };
  // A temporary key: the middleware's resetKeys drops it before the next invocation.
  deps.logger.setCorrelationId(meta.correlationId);
  let parsed: ParseResult<Echo, Refusal> | undefined;
  try {
    parsed = adapter.parse(event, meta);
    if (parsed.ok) {
      const reply = await deps.handleTurn(parsed.turn);
      recordTurn(deps.metrics, adapter.name, reply, Date.now() - meta.receivedAt);
      return { refused: false, response: adapter.render(reply, parsed.echo) };
    }
    // The problem only: the event itself can carry PINs and phone numbers.
    deps.logger.warn('unusable request', { channel: adapter.name, problem: parsed.problem });
    if (parsed.refusal !== undefined) return { refused: true, refusal: parsed.refusal };
  } catch (error) {
    deps.logger.error('turn failed', {
      channel: adapter.name,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
  const locale =
    parsed === undefined ? unknownLocale : parsed.ok ? parsed.turn.locale : parsed.locale;
  return { refused: false, response: adapter.apology(locale, parsed?.echo) };
}

/** A channel that invokes its Lambda function directly (Lex, Connect). */
export function makeChannelHandler<Echo, Response>(
  adapter: ChannelAdapter<unknown, Echo, Response>,
  deps: FulfillmentDeps,
) {
  return middy<unknown, Response>()
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics))
    .handler(async (event, context) => {
      const answered = await answer(adapter, event, context, deps, context.awsRequestId);
      // An invoked channel has no refusals (their type is `never`): it always gets a response.
      return answered.refused ? answered.refusal : answered.response;
    });
}

const json = (
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Channels behind API Gateway, one adapter per route key (`POST /channels/chat`). */
export function makeHttpChannelsHandler(
  routes: Readonly<Record<string, HttpChannelRoute>>,
  deps: FulfillmentDeps,
) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics))
    .handler(async (event, context) => {
      const route = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
      if (route === undefined) {
        return json(404, errorBody('not_found', `no channel at ${event.routeKey}`));
      }
      const { adapter } = route;
      let authentication: Awaited<ReturnType<Authenticator>>;
      try {
        authentication = await route.authenticate(event.headers ?? {});
      } catch (error) {
        deps.logger.error('credentials could not be checked', {
          channel: adapter.name,
          error: error instanceof Error ? error.name : typeof error,
        });
        return json(503, errorBody('unavailable', 'credentials cannot be checked right now'));
      }
      if (!authentication.ok) {
        deps.logger.warn('unauthenticated request', {
          channel: adapter.name,
          problem: authentication.problem,
        });
        return json(401, errorBody('unauthorized', 'missing or invalid credentials'), {
          'www-authenticate': authentication.challenge,
        });
      }
      const body = Buffer.from(
        event.body ?? '',
        event.isBase64Encoded ? 'base64' : 'utf8',
      ).toString('utf8');
      // API Gateway's request id: the one the access log and the client's error reports carry.
      const requestId = event.requestContext?.requestId ?? context.awsRequestId;
      const answered = await answer(
        adapter,
        body,
        context,
        deps,
        requestId,
        authentication.principal,
      );
      return answered.refused
        ? json(answered.refusal.statusCode, answered.refusal.body)
        : json(200, answered.response);
    });
}
