/**
 * http-fulfillment: the HTTP channels behind API Gateway — `POST /channels/dialogflow-cx`
 * (a Dialogflow CX webhook) and `POST /channels/chat` (web chat).
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { chatApology, parseChatRequest, toChatResponse } from '#shared/channels/chat.ts';
import {
  dialogflowCxApology,
  parseDialogflowCx,
  toDialogflowCxResponse,
} from '#shared/channels/dialogflow-cx.ts';
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { handleTurn } from '#shared/conversation/engine.ts';

const { engine, logger, metrics, turnMeta, warmUp } = makeFulfillment();
await warmUp();

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const errorBody = (code: string, message: string) => ({ error: { code, message } });

async function chat(body: string, remainingTimeMs: number) {
  const parsed = parseChatRequest(body, turnMeta('chat', remainingTimeMs));
  if (!parsed.ok) return json(parsed.status, parsed.body);
  logger.appendKeys({ correlation_id: parsed.turn.correlationId });
  try {
    return json(200, toChatResponse(await handleTurn(engine, parsed.turn), parsed.echo));
  } catch (error) {
    logger.error('chat turn failed', { error: (error as Error).name });
    return json(200, chatApology(parsed.turn.locale, parsed.echo));
  }
}

async function dialogflowCx(body: string, remainingTimeMs: number) {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return json(400, errorBody('invalid_json', 'the body is not valid JSON'));
  }
  const parsed = parseDialogflowCx(request, turnMeta('dialogflow-cx', remainingTimeMs));
  try {
    if (!parsed.ok) {
      logger.warn('unusable Dialogflow CX request', { problem: parsed.problem });
      return json(200, dialogflowCxApology(parsed.locale, parsed.echo));
    }
    logger.appendKeys({ correlation_id: parsed.turn.correlationId });
    return json(200, toDialogflowCxResponse(await handleTurn(engine, parsed.turn), parsed.echo));
  } catch (error) {
    logger.error('Dialogflow CX turn failed', { error: (error as Error).name });
    return json(200, dialogflowCxApology(parsed.ok ? parsed.turn.locale : parsed.locale));
  }
}

export const handler = async (
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  try {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8').toString(
      'utf8',
    );
    const remainingTimeMs = context.getRemainingTimeInMillis();
    switch (event.routeKey) {
      case 'POST /channels/chat':
        return await chat(body, remainingTimeMs);
      case 'POST /channels/dialogflow-cx':
        return await dialogflowCx(body, remainingTimeMs);
      default:
        return json(404, errorBody('not_found', `no channel at ${event.routeKey}`));
    }
  } finally {
    metrics.publishStoredMetrics();
  }
};
