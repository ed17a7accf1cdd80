/**
 * connect-fulfillment: the Amazon Connect "AWS Lambda function" block. The flow passes `intent`,
 * slot values and `action` (turn | poll | ended) as parameters and branches on the `outcome` of
 * the flat map this returns.
 */
import type { Context } from 'aws-lambda';
import {
  type ConnectResponse,
  connectApology,
  parseConnect,
  toConnectResponse,
} from '#shared/channels/connect.ts';
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { handleTurn } from '#shared/conversation/engine.ts';

const { engine, logger, metrics, turnMeta, warmUp } = makeFulfillment();
await warmUp();

export const handler = async (event: unknown, context: Context): Promise<ConnectResponse> => {
  logger.addContext(context);
  const parsed = parseConnect(event, turnMeta('connect', context.getRemainingTimeInMillis()));
  try {
    if (!parsed.ok) {
      logger.warn('unusable Connect event', { problem: parsed.problem });
      return connectApology(parsed.locale);
    }
    logger.appendKeys({ correlation_id: parsed.turn.correlationId });
    return toConnectResponse(await handleTurn(engine, parsed.turn));
  } catch (error) {
    logger.error('Connect turn failed', { error: (error as Error).name });
    return connectApology(parsed.ok ? parsed.turn.locale : parsed.locale);
  } finally {
    metrics.publishStoredMetrics();
  }
};
