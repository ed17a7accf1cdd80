/** The channels' own secrets: what proves a chat customer and Dialogflow CX to us. */

/** `{ "hs256Key": "<at least 32 characters>" }`: the key the company's site signs chat tokens with. */
export const chatTokenSecret = 'switchboard/channels/chat-token';

/** `{ "username", "password" }`: the HTTP Basic credentials set on the CX webhook. */
export const dialogflowCxWebhookSecret = 'switchboard/channels/dialogflow-cx';

export const channelSecrets = [
  {
    name: chatTokenSecret,
    description: 'HS256 key that verifies customer tokens sent to the chat channel',
  },
  {
    name: dialogflowCxWebhookSecret,
    description: 'HTTP Basic credentials Dialogflow CX sends to its webhook',
  },
] as const;
