/**
 * lex-fulfillment: the Amazon Lex V2 code hook (dialog and fulfillment) for every intent and
 * locale. A lean chain on purpose: Lex waits on this for the caller's next words.
 */
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { makeChannelHandler } from '#shared/channels/fulfillment-handler.ts';
import { lexAdapterFor } from '#shared/channels/lex.ts';

const fulfillment = makeFulfillment();
await fulfillment.warmUp();

export const handler = makeChannelHandler(lexAdapterFor(process.env), fulfillment);
