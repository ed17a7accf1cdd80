/**
 * http-fulfillment: the HTTP channels behind API Gateway — `POST /channels/dialogflow-cx`
 * (a Dialogflow CX webhook) and `POST /channels/chat` (web chat).
 */
import { chatAdapter } from '#shared/channels/chat.ts';
import { dialogflowCxAdapter } from '#shared/channels/dialogflow-cx.ts';
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { makeHttpChannelsHandler } from '#shared/channels/fulfillment-handler.ts';

const fulfillment = makeFulfillment();
await fulfillment.warmUp();

export const handler = makeHttpChannelsHandler(
  {
    'POST /channels/chat': chatAdapter,
    'POST /channels/dialogflow-cx': dialogflowCxAdapter,
  },
  fulfillment,
);
