/**
 * Fuzzed requests to every entry point of the running local runtime, through the same gateway
 * and worker-thread environments as `npm start`: the properties of the unit suites, checked where
 * serialisation, the gateway and the function's own limits are real too. Bodies nested 20,000
 * deep are always among them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chatBodies,
  connectEvents,
  dialogflowCxRequests,
  lexEvents,
} from '#test/fixtures/channels/index.ts';
import { channelInput, hostileJson, propertyParameters } from '#test/support/fuzz.ts';
import {
  expectValidConnectResponse,
  expectValidDialogflowCxResponse,
  expectValidLexResponse,
} from '../../unit/channels/support.ts';
import { cxBasic } from '../identity/support.ts';
import { switchboardUrl } from '../webhooks/support.ts';
import { type Channel, channelPaths } from './channels.ts';

const depth = 20_000;
const deepArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepBodies = [
  deepArray,
  deepObject,
  `{"sessionInfo":{"session":"a/deep-1","parameters":{"x":${deepObject}}}}`,
  `{"sessionId":"deep-1","slots":{"x":${deepArray}}}`,
];

async function post(path: string, body: string) {
  const response = await fetch(`${switchboardUrl()}${path}`, {
    method: 'POST',
    // Dialogflow CX always sends its webhook credentials; the fuzzing is of what comes after.
    headers: {
      'content-type': 'application/json',
      ...(path === channelPaths['dialogflow-cx'] && cxBasic()),
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    functionError: response.headers.get('x-amz-function-error'),
    text,
  };
}

const seeds: Readonly<Record<Channel, readonly unknown[]>> = {
  lex: Object.values(lexEvents),
  connect: Object.values(connectEvents),
  'dialogflow-cx': Object.values(dialogflowCxRequests),
  chat: Object.values(chatBodies).map((body) => JSON.parse(body) as unknown),
};

const validate: Readonly<Record<Channel, (status: number, text: string) => void>> = {
  lex: (status, text) => {
    expect(status).toBe(200);
    expectValidLexResponse(JSON.parse(text));
  },
  connect: (status, text) => {
    expect(status).toBe(200);
    expectValidConnectResponse(JSON.parse(text));
  },
  'dialogflow-cx': (status, text) => {
    expect([200, 400]).toContain(status);
    if (status === 200) expectValidDialogflowCxResponse(JSON.parse(text));
  },
  chat: (status) => {
    expect([200, 400, 413, 422]).toContain(status);
  },
};

describe('every entry point of the running runtime under fuzzed requests', {
  timeout: 240_000,
}, () => {
  it.each(Object.keys(channelPaths) as Channel[])('%s', async (channel) => {
    const path = channelPaths[channel];
    const check = async (body: string) => {
      const answer = await post(path, body);
      expect(answer.functionError, `${channel}: ${answer.text.slice(0, 200)}`).toBeNull();
      validate[channel](answer.status, answer.text);
    };
    // Lex and Connect invoke the function with a parsed event, which the local Invoke API hands
    // to the function's worker thread by structured clone; 20,000 levels overflow that clone in
    // the emulator before our code runs. The unit suites give those handlers the deep events.
    if (channel === 'chat' || channel === 'dialogflow-cx') {
      for (const body of deepBodies) await check(body);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: channelInput(seeds[channel]) }, hostileJson),
        (event) => check(JSON.stringify(event ?? null)),
      ),
      propertyParameters(0.1),
    );
  });

  it('webhooks: garbage to every partner is a 4xx, never a 5xx', async () => {
    const partners = ['shop', 'crm', 'calendar', 'payments', 'sms', 'tickets', 'nobody'];
    for (const partner of partners) {
      for (const body of deepBodies.slice(0, 2)) {
        const answer = await post(`/webhooks/${partner}`, body);
        expect(answer.status, partner).toBeGreaterThanOrEqual(400);
        expect(answer.status, partner).toBeLessThan(500);
      }
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...partners), hostileJson, async (partner, body) => {
        const answer = await post(`/webhooks/${partner}`, JSON.stringify(body ?? null));
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }),
      propertyParameters(0.1),
    );
  });
});
