/**
 * connect-fulfillment: the Amazon Connect "AWS Lambda function" block. The flow passes `intent`,
 * slot values and `action` (turn | poll | ended) as parameters and branches on the `outcome` of
 * the flat map this returns.
 */
import { connectAdapter } from '#shared/channels/connect.ts';
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { makeChannelHandler } from '#shared/channels/fulfillment-handler.ts';

const fulfillment = makeFulfillment();
await fulfillment.warmUp();

export const handler = makeChannelHandler(connectAdapter, fulfillment);
