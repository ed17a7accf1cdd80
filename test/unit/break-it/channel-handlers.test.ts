/**
 * Every channel's whole handler (middleware, parse, turn, render, serialisation) under
 * fast-check: a caller's or platform's mistake is never a 5xx nor a thrown error, and what comes
 * back is valid for the platform, whether the turn answers, fails inside, or never starts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chatAdapter } from '#shared/channels/chat.ts';
import { connectAdapter } from '#shared/channels/connect.ts';
import { dialogflowCxAdapter } from '#shared/channels/dialogflow-cx.ts';
import {
  type FulfillmentDeps,
  makeChannelHandler,
  makeHttpChannelsHandler,
} from '#shared/channels/fulfillment-handler.ts';
import { lexAdapter } from '#shared/channels/lex.ts';
import type { Reply } from '#shared/conversation/types.ts';
import {
  chatBodies,
  connectEvents,
  dialogflowCxRequests,
  lexEvents,
} from '#test/fixtures/channels/index.ts';
import {
  channelInput,
  deeplyNestedJson,
  hostileJson,
  propertyParameters,
} from '#test/support/fuzz.ts';
import {
  expectValidConnectResponse,
  expectValidDialogflowCxResponse,
  expectValidLexResponse,
  meta,
  reply,
} from '../channels/support.ts';
import { captureLogs, httpEvent, lambdaContext } from '../support/lambda.ts';

/** The HTTP channels' credentials are tested on their own; here every request is let in. */
const openRoute = async () => ({ ok: true }) as const;

captureLogs();

class PartnerDownError extends Error {
  override name = 'PartnerDownError';
}

/** What the engine does with the turn: answers, or throws as a broken dependency would. */
const engineBehaviour = fc.constantFrom<'answers' | 'throws'>('answers', 'throws');

function deps(behaviour: 'answers' | 'throws'): FulfillmentDeps {
  return {
    logger: new Logger({ serviceName: 'channels-break-it' }),
    metrics: new Metrics({ namespace: 'switchboard-test', serviceName: 'channels-break-it' }),
    handleTurn: async (turn): Promise<Reply> => {
      if (behaviour === 'throws') throw new PartnerDownError('shop answered 503');
      return reply({ locale: turn.locale });
    },
    turnMeta: () => meta,
  };
}

const chatSeeds = Object.values(chatBodies).map((body) => JSON.parse(body) as unknown);
const httpBody = (seeds: readonly unknown[]) =>
  fc.oneof(
    { weight: 6, arbitrary: channelInput(seeds).map((value) => JSON.stringify(value ?? null)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 1, arbitrary: deeplyNestedJson },
    {
      weight: 1,
      arbitrary: deeplyNestedJson.map(
        (nested) => `{"sessionInfo":{"session":"a/s1","parameters":{"x":${nested}}}}`,
      ),
    },
  );

describe('channel handlers under fuzzed requests', { timeout: 120_000 }, () => {
  it('Lex: always a valid Lex response, never a thrown error', async () => {
    await fc.assert(
      fc.asyncProperty(
        channelInput(Object.values(lexEvents)),
        engineBehaviour,
        async (event, behaviour) => {
          const handler = makeChannelHandler(lexAdapter, deps(behaviour));
          expectValidLexResponse(await handler(event, lambdaContext('lex-fulfillment')));
        },
      ),
      propertyParameters(0.5),
    );
  });

  it('Connect: always a valid STRING_MAP response, never a thrown error', async () => {
    await fc.assert(
      fc.asyncProperty(
        channelInput(Object.values(connectEvents)),
        engineBehaviour,
        async (event, behaviour) => {
          const handler = makeChannelHandler(connectAdapter, deps(behaviour));
          expectValidConnectResponse(await handler(event, lambdaContext('connect-fulfillment')));
        },
      ),
      propertyParameters(0.5),
    );
  });

  it('Dialogflow CX: 200 with a valid WebhookResponse, or 400 for a body that is not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        httpBody(Object.values(dialogflowCxRequests)),
        engineBehaviour,
        fc.boolean(),
        async (body, behaviour, base64) => {
          const handler = makeHttpChannelsHandler(
            {
              'POST /channels/dialogflow-cx': {
                adapter: dialogflowCxAdapter,
                authenticate: openRoute,
              },
            },
            deps(behaviour),
          );
          const event = httpEvent(
            'POST /channels/dialogflow-cx',
            base64 ? Buffer.from(body).toString('base64') : body,
            base64,
          );
          const result = await handler(event, lambdaContext('http-fulfillment'));
          expect([200, 400]).toContain(result.statusCode);
          if (result.statusCode === 200) {
            expectValidDialogflowCxResponse(JSON.parse(String(result.body)));
          }
        },
      ),
      propertyParameters(0.5),
    );
  });

  it('chat: 200, or 400/413/422 saying what is wrong', async () => {
    await fc.assert(
      fc.asyncProperty(httpBody(chatSeeds), engineBehaviour, async (body, behaviour) => {
        const handler = makeHttpChannelsHandler(
          { 'POST /channels/chat': { adapter: chatAdapter, authenticate: openRoute } },
          deps(behaviour),
        );
        const result = await handler(
          httpEvent('POST /channels/chat', body),
          lambdaContext('http-fulfillment'),
        );
        expect([200, 400, 413, 422]).toContain(result.statusCode);
        const answer = JSON.parse(String(result.body));
        if (result.statusCode === 200) expect(answer.messages.length).toBeGreaterThan(0);
        else expect(answer.error.message).not.toBe('');
      }),
      propertyParameters(0.5),
    );
  });

  it('an unknown route is a 404, not a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), hostileJson, async (path, body) => {
        const handler = makeHttpChannelsHandler(
          { 'POST /channels/chat': { adapter: chatAdapter, authenticate: openRoute } },
          deps('answers'),
        );
        const event = {
          ...httpEvent('POST /channels/chat', JSON.stringify(body ?? null)),
          routeKey: `POST /${path}`,
        };
        const result = await handler(event, lambdaContext('http-fulfillment'));
        expect(result.statusCode).toBe(404);
      }),
      propertyParameters(0.2),
    );
  });
});
