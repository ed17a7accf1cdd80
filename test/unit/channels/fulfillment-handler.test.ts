import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { ChannelAdapter } from '#shared/channels/adapter.ts';
import { chatAdapter } from '#shared/channels/chat.ts';
import { connectAdapter } from '#shared/channels/connect.ts';
import {
  dialogflowCxAdapter,
  jobIdParameter,
  outcomeParameter,
  slotToElicitParameter,
} from '#shared/channels/dialogflow-cx.ts';
import {
  type FulfillmentDeps,
  makeChannelHandler,
  makeHttpChannelsHandler,
} from '#shared/channels/fulfillment-handler.ts';
import { lexAdapter } from '#shared/channels/lex.ts';
import type { Reply, Turn } from '#shared/conversation/types.ts';
import {
  chatBodies,
  connectEvents,
  dialogflowCxRequests,
  lexEvents,
} from '#test/fixtures/channels/index.ts';
import { captureLogs, httpEvent, lambdaContext } from '../support/lambda.ts';
import {
  expectValidConnectResponse,
  expectValidDialogflowCxResponse,
  meta,
  reply,
} from './support.ts';

const logs = captureLogs();

const polishReply: Reply = reply({
  locale: 'pl-PL',
  intent: 'CheckOrderStatus',
  messages: [{ text: 'Wysłane.', ssml: '<speak>Wysłane.</speak>' }],
});

/** A fresh logger, and an engine stand-in: whatever `turn` does is what the engine did. */
function fakes(turn: (turn: Turn, deps: FulfillmentDeps) => Promise<Reply>) {
  let correlations = 0;
  const deps: FulfillmentDeps = {
    logger: new Logger({ serviceName: 'fulfillment-test' }),
    metrics: new Metrics({ namespace: 'switchboard-test', serviceName: 'fulfillment-test' }),
    handleTurn: vi.fn((received: Turn) => turn(received, deps)),
    turnMeta: vi.fn(() => ({ ...meta, correlationId: `correlation-${++correlations}` })),
  };
  return deps;
}

const answers = (reply: Reply) => async () => reply;

class PartnerDownError extends Error {
  override name = 'PartnerDownError';
}
const throws = async (): Promise<Reply> => {
  throw new PartnerDownError('shop answered 503 for +48500100200');
};

describe('makeChannelHandler', () => {
  it('answers a Lex turn in Lex format, echoing the session attributes Lex would otherwise lose', async () => {
    const deps = fakes(answers(polishReply));
    const handler = makeChannelHandler(lexAdapter, deps);
    const response = await handler(lexEvents.dialogSpeechPl, lambdaContext('lex-fulfillment'));
    expect(deps.handleTurn).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'lex', sessionId: '409786123456-contact-3f1c' }),
    );
    expect(response.messages).toEqual([
      { contentType: 'SSML', content: '<speak>Wysłane.</speak>' },
    ]);
    expect(response.sessionState.sessionAttributes).toEqual({
      callerPhone: '+48500100200',
      connectContactId: '3f1c',
    });
  });

  it('apologises for a Lex turn that throws, in Polish, keeping the echo, logging only the error name', async () => {
    const deps = fakes(throws);
    const handler = makeChannelHandler(lexAdapter, deps);
    const response = await handler(lexEvents.dialogSpeechPl, lambdaContext('lex-fulfillment'));
    expect(response.sessionState).toMatchObject({
      dialogAction: { type: 'Close' },
      intent: { name: 'CheckOrderStatus', state: 'Failed' },
      sessionAttributes: { callerPhone: '+48500100200', connectContactId: '3f1c' },
    });
    expect(response.messages?.[0]).toMatchObject({ contentType: 'SSML' });
    expect(response.messages?.[0]?.content).toContain('Przepraszamy');
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', channel: 'lex', error: 'PartnerDownError' }),
    );
    const written = JSON.stringify(logs);
    expect(written).not.toContain('+48500100200');
    expect(written).not.toContain('zamówienie');
  });

  it('apologises for an unusable Lex event without running a turn', async () => {
    const deps = fakes(answers(polishReply));
    const handler = makeChannelHandler(lexAdapter, deps);
    const response = await handler(
      { ...lexEvents.dialogSpeechPl, sessionId: '' },
      lambdaContext('lex-fulfillment'),
    );
    expect(deps.handleTurn).not.toHaveBeenCalled();
    expect(response.sessionState).toMatchObject({
      dialogAction: { type: 'Close' },
      intent: { state: 'Failed' },
      sessionAttributes: { callerPhone: '+48500100200' },
    });
    expect(response.messages?.[0]?.content).toContain('Przepraszamy');
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'WARN', problem: expect.stringContaining('sessionId') }),
    );
  });

  it('answers anything at all from Lex, even a non-object, with a valid apology', async () => {
    const handler = makeChannelHandler(lexAdapter, fakes(answers(polishReply)));
    for (const event of [null, 'DialogCodeHook', 42, []]) {
      const response = await handler(event, lambdaContext('lex-fulfillment'));
      expect(response.sessionState.intent?.state).toBe('Failed');
    }
  });

  it('correlates a Connect turn by its contact id, and a Lex turn by its request id', async () => {
    const connect = fakes(answers(polishReply));
    await makeChannelHandler(connectAdapter, connect)(
      connectEvents.turn,
      lambdaContext('connect-fulfillment'),
    );
    expect(connect.turnMeta).toHaveBeenCalledWith(
      'connect',
      expect.any(Number),
      '5ca32fbd-8f92-46af-92a5-6b0f970f0efe',
    );

    const lex = fakes(answers(polishReply));
    const context = lambdaContext('lex-fulfillment');
    await makeChannelHandler(lexAdapter, lex)(lexEvents.dialogSpeechPl, context);
    expect(lex.turnMeta).toHaveBeenCalledWith('lex', expect.any(Number), context.awsRequestId);
  });

  it('answers Connect with the failed outcome for an unknown action or a turn that throws', async () => {
    const unknownAction = {
      ...connectEvents.turn,
      Details: {
        ...connectEvents.turn.Details,
        Parameters: { ...connectEvents.turn.Details.Parameters, action: 'jump' },
      },
    };
    const refused = await makeChannelHandler(connectAdapter, fakes(answers(polishReply)))(
      unknownAction,
      lambdaContext('connect-fulfillment'),
    );
    expectValidConnectResponse(refused);
    expect(refused).toMatchObject({ outcome: 'failed', locale: 'pl-PL' });

    const failed = await makeChannelHandler(connectAdapter, fakes(throws))(
      connectEvents.turn,
      lambdaContext('connect-fulfillment'),
    );
    expectValidConnectResponse(failed);
    expect(failed).toMatchObject({ outcome: 'failed', locale: 'pl-PL' });
    expect(failed.message).toContain('Przepraszamy');
  });

  it('never lets one invocation’s correlation id or keys reach the next invocation’s logs', async () => {
    const deps = fakes(async (turn, { logger }) => {
      logger.appendKeys({ customer_tier: 'gold' });
      logger.info('partner called');
      return reply({ locale: turn.locale });
    });
    const handler = makeChannelHandler(lexAdapter, deps);

    await handler(lexEvents.fulfillmentTextEn, lambdaContext('lex-fulfillment'));
    const first = logs.splice(0);
    expect(first).toContainEqual(
      expect.objectContaining({ message: 'partner called', correlation_id: 'correlation-1' }),
    );

    // The next caller's request is unusable: the problem is logged before any turn could run.
    await handler(
      { ...lexEvents.fulfillmentTextEn, sessionId: '' },
      lambdaContext('lex-fulfillment'),
    );
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line.correlation_id).toBe('correlation-2');
      expect(line).not.toHaveProperty('customer_tier');
    }
  });

  it('still apologises when the adapter itself throws while reading the event', async () => {
    const fragile: ChannelAdapter<unknown, undefined, string> = {
      name: 'connect',
      parse: () => {
        throw new TypeError('unexpected shape');
      },
      render: () => 'rendered',
      apology: (locale) => `apology in ${locale}`,
    };
    const response = await makeChannelHandler(fragile, fakes(answers(polishReply)))(
      {},
      lambdaContext('connect-fulfillment'),
    );
    expect(response).toBe('apology in en-US');
    expect(logs).toContainEqual(expect.objectContaining({ level: 'ERROR', error: 'TypeError' }));
  });
});

/** Credentials are the authenticators' own tests (test/unit/channels/auth.test.ts). */
const openRoute = async () => ({ ok: true }) as const;

const chatRoute = 'POST /channels/chat';
const cxRoute = 'POST /channels/dialogflow-cx';

function httpHandler(deps: FulfillmentDeps) {
  const handler = makeHttpChannelsHandler(
    {
      [chatRoute]: { adapter: chatAdapter, authenticate: openRoute },
      [cxRoute]: { adapter: dialogflowCxAdapter, authenticate: openRoute },
    },
    deps,
  );
  return async (event: APIGatewayProxyEventV2) => {
    const result: APIGatewayProxyStructuredResultV2 = await handler(
      event,
      lambdaContext('http-fulfillment'),
    );
    expect(result.headers).toMatchObject({ 'content-type': 'application/json' });
    return { status: result.statusCode, body: JSON.parse(String(result.body)) };
  };
}

describe('makeHttpChannelsHandler', () => {
  it('keeps the Dialogflow CX echo in the apology for a turn that throws: spoken, and routable', async () => {
    const deps = fakes(throws);
    const post = httpHandler(deps);
    const { status, body } = await post(
      httpEvent(cxRoute, JSON.stringify(dialogflowCxRequests.telephony)),
    );
    expect(deps.handleTurn).toHaveBeenCalledOnce();
    expect(status).toBe(200);
    expectValidDialogflowCxResponse(body);
    // A telephony caller hears it: CX synthesises from the SSML output alone.
    expect(body.fulfillmentResponse.messages).toEqual([
      { text: { text: [expect.stringContaining('Przepraszamy')] } },
      { outputAudioText: { ssml: expect.stringMatching(/^<speak>Przepraszamy/) } },
    ]);
    expect(body.sessionInfo.parameters).toEqual({
      [outcomeParameter]: 'failed',
      [jobIdParameter]: null,
      [slotToElicitParameter]: null,
    });
  });

  it('apologises to CX for a request without a session, spoken for a telephony caller', async () => {
    const { sessionInfo: _sessionInfo, ...request } = dialogflowCxRequests.telephony;
    const deps = fakes(answers(polishReply));
    const { status, body } = await httpHandler(deps)(httpEvent(cxRoute, JSON.stringify(request)));
    expect(deps.handleTurn).not.toHaveBeenCalled();
    expect(status).toBe(200);
    expect(body.fulfillmentResponse.messages).toHaveLength(2);
    expect(body.sessionInfo.parameters[outcomeParameter]).toBe('failed');
  });

  it('answers a CX body that is not JSON with 400 invalid_json', async () => {
    const deps = fakes(answers(polishReply));
    const { status, body } = await httpHandler(deps)(httpEvent(cxRoute, '{"sessionInfo":'));
    expect(deps.handleTurn).not.toHaveBeenCalled();
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { code: 'invalid_json', message: 'the body is not valid JSON' },
    });
  });

  it('answers a CX turn with the reply and the routing parameters', async () => {
    const { status, body } = await httpHandler(fakes(answers(polishReply)))(
      httpEvent(cxRoute, JSON.stringify(dialogflowCxRequests.text)),
    );
    expect(status).toBe(200);
    expect(body.fulfillmentResponse.messages).toEqual([{ text: { text: ['Wysłane.'] } }]);
    expect(body.sessionInfo.parameters[outcomeParameter]).toBe('fulfilled');
  });

  it('answers chat from a base64 body, echoing the session id', async () => {
    const deps = fakes(answers(polishReply));
    const encoded = Buffer.from(chatBodies.turn).toString('base64');
    const { status, body } = await httpHandler(deps)(httpEvent(chatRoute, encoded, true));
    expect(deps.handleTurn).toHaveBeenCalledWith(
      expect.objectContaining({ channel: 'chat', text: 'Gdzie jest moje zamówienie 12345?' }),
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      sessionId: 'chat-1f2e3d',
      outcome: 'fulfilled',
      locale: 'pl-PL',
      messages: [{ text: 'Wysłane.' }],
      intent: 'CheckOrderStatus',
    });
  });

  it('apologises in chat for a turn that throws, keeping the session id', async () => {
    const { status, body } = await httpHandler(fakes(throws))(
      httpEvent(chatRoute, chatBodies.turn),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ sessionId: 'chat-1f2e3d', outcome: 'failed', locale: 'pl-PL' });
    expect(body.messages[0].text).toContain('Przepraszamy');
  });

  it('tells a chat client what to correct: 400, 413 and 422, never a 5xx, never a turn', async () => {
    const deps = fakes(answers(polishReply));
    const post = httpHandler(deps);
    const notJson = await post(httpEvent(chatRoute, '{"sessionId":'));
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    const tooLarge = await post(
      httpEvent(chatRoute, JSON.stringify({ sessionId: 's', text: 'x'.repeat(70_000) })),
    );
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const badFields = await post(httpEvent(chatRoute, '{"sessionId":5}'));
    expect(badFields).toMatchObject({ status: 422, body: { error: { code: 'invalid_request' } } });
    expect(badFields.body.error.message).toMatch(/^sessionId:/);
    expect(deps.handleTurn).not.toHaveBeenCalled();
  });

  it('correlates an HTTP turn by the API Gateway request id', async () => {
    const deps = fakes(answers(polishReply));
    const event = httpEvent(chatRoute, chatBodies.turn);
    await httpHandler(deps)(event);
    expect(deps.turnMeta).toHaveBeenCalledWith(
      'chat',
      expect.any(Number),
      event.requestContext.requestId,
    );
  });

  it('answers a route it does not serve with a 404 JSON error', async () => {
    const { status, body } = await httpHandler(fakes(answers(polishReply)))(
      httpEvent('POST /channels/teams', '{}'),
    );
    expect(status).toBe(404);
    expect(body).toEqual({
      error: { code: 'not_found', message: 'no channel at POST /channels/teams' },
    });
  });
});
