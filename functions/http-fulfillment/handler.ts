/**
 * http-fulfillment: the HTTP channels behind API Gateway — `POST /channels/dialogflow-cx`
 * (a Dialogflow CX webhook, only for CX's own credentials) and `POST /channels/chat` (web
 * chat, anonymous or with the company's customer token).
 */
import { chatTokenAuthenticator } from '#shared/channels/auth/chat-token.ts';
import { dialogflowCxAuthenticator } from '#shared/channels/auth/dialogflow-cx.ts';
import { chatAdapter } from '#shared/channels/chat.ts';
import { dialogflowCxAdapter } from '#shared/channels/dialogflow-cx.ts';
import { makeFulfillment } from '#shared/channels/fulfillment.ts';
import { makeHttpChannelsHandler } from '#shared/channels/fulfillment-handler.ts';
import { secretsManagerProvider } from '#shared/secrets/secrets-manager.ts';

const fulfillment = makeFulfillment();
await fulfillment.warmUp();
const secrets = secretsManagerProvider();

export const handler = makeHttpChannelsHandler(
  {
    'POST /channels/chat': {
      adapter: chatAdapter,
      authenticate: chatTokenAuthenticator({ secrets, env: process.env }),
    },
    'POST /channels/dialogflow-cx': {
      adapter: dialogflowCxAdapter,
      authenticate: dialogflowCxAuthenticator({ secrets, env: process.env }),
    },
  },
  fulfillment,
);
