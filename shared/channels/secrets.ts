/** The channels' own secrets: what proves a chat customer and Dialogflow CX to us. */
import { secretName } from '#shared/config/secret-names.ts';

/** `{ "hs256Key": "<at least 32 characters>" }`: the key the company's site signs chat tokens with. */
export const chatTokenSecret = secretName('channels/chat-token');

/** `{ "username", "password" }`: the HTTP Basic credentials set on the CX webhook. */
export const dialogflowCxWebhookSecret = secretName('channels/dialogflow-cx');

/**
 * Created with a random key and password, so a fresh stack refuses every token and every CX call
 * until the operator sets what the site and the CX agent really use.
 */
export const channelSecrets = [
  {
    name: chatTokenSecret,
    description: 'HS256 key that verifies customer tokens sent to the chat channel',
    initialShape: { template: {}, generatedKey: 'hs256Key' },
  },
  {
    name: dialogflowCxWebhookSecret,
    description: 'HTTP Basic credentials Dialogflow CX sends to its webhook',
    initialShape: { template: { username: 'dialogflow-cx' }, generatedKey: 'password' },
  },
] as const;
