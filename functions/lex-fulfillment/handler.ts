/**
 * lex-fulfillment: the Amazon Lex V2 code hook (dialog and fulfillment) for every intent and
 * locale. A lean chain on purpose: Lex waits on this for the caller's next words.
 */
import type { Context } from 'aws-lambda';
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { type LexResponse, lexApology, parseLex, toLexResponse } from '#shared/channels/lex.ts';
import { handleTurn } from '#shared/conversation/engine.ts';

const { engine, logger, metrics, turnMeta, warmUp } = makeFulfillment();
await warmUp();

export const handler = async (event: unknown, context: Context): Promise<LexResponse> => {
  logger.addContext(context);
  const parsed = parseLex(event, turnMeta('lex', context.getRemainingTimeInMillis()));
  try {
    if (!parsed.ok) {
      logger.warn('unusable Lex event', { problem: parsed.problem });
      return lexApology(parsed.locale, parsed.echo);
    }
    logger.appendKeys({ correlation_id: parsed.turn.correlationId });
    return toLexResponse(await handleTurn(engine, parsed.turn), parsed.echo);
  } catch (error) {
    logger.error('Lex turn failed', { error: (error as Error).name });
    return lexApology(parsed.ok ? parsed.turn.locale : parsed.locale, parsed.echo);
  } finally {
    metrics.publishStoredMetrics();
  }
};
