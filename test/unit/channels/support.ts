import { expect } from 'vitest';
import type { ParseMeta } from '#shared/channels/adapter.ts';
import type { Reply } from '#shared/conversation/types.ts';

export const meta: ParseMeta = {
  receivedAt: 1_700_000_000_000,
  deadline: { at: 1_700_000_003_000 },
  correlationId: 'corr-test-1',
};

export function reply(overrides: Partial<Reply> = {}): Reply {
  return {
    outcome: 'fulfilled',
    messages: [
      {
        text: 'Your order 12345 has shipped.',
        ssml: '<speak>Your order 12345 has shipped.</speak>',
      },
    ],
    slots: {},
    locale: 'en-US',
    ...overrides,
  };
}

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const dialogActionTypes = ['Close', 'ConfirmIntent', 'Delegate', 'ElicitIntent', 'ElicitSlot'];

/** The hard rules of a Lex V2 code hook response: its required fields and its size limits. */
export function expectValidLexResponse(response: unknown): void {
  expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  expect(bytes(response)).toBeLessThanOrEqual(25_000);
  if (!isRecord(response) || !isRecord(response.sessionState)) {
    throw new Error('sessionState is required');
  }
  const { dialogAction, intent, sessionAttributes } = response.sessionState;
  if (!isRecord(dialogAction)) throw new Error('dialogAction is required');
  expect(dialogActionTypes).toContain(dialogAction.type);
  if (dialogAction.type === 'ElicitSlot') {
    expect(typeof dialogAction.slotToElicit).toBe('string');
    expect(dialogAction.slotToElicit).not.toBe('');
    expect(isRecord(intent)).toBe(true);
  }
  if (dialogAction.type === 'ConfirmIntent' || dialogAction.type === 'Close') {
    expect(isRecord(intent)).toBe(true);
  }
  if (isRecord(intent)) {
    expect(typeof intent.name).toBe('string');
    expect(['Failed', 'Fulfilled', 'InProgress', 'ReadyForFulfillment']).toContain(intent.state);
    if (intent.slots !== undefined) {
      if (!isRecord(intent.slots)) throw new Error('slots must be a map');
      for (const slot of Object.values(intent.slots)) {
        if (slot === null) continue;
        if (!isRecord(slot) || !isRecord(slot.value)) throw new Error('slot must have a value');
        expect(typeof slot.value.originalValue).toBe('string');
        expect(typeof slot.value.interpretedValue).toBe('string');
        expect(Array.isArray(slot.value.resolvedValues)).toBe(true);
      }
    }
  }
  if (sessionAttributes !== undefined) {
    if (!isRecord(sessionAttributes)) throw new Error('sessionAttributes must be a map');
    for (const value of Object.values(sessionAttributes)) expect(typeof value).toBe('string');
    expect(bytes(sessionAttributes)).toBeLessThanOrEqual(12_000);
  }
  const messages = response.messages;
  if (dialogAction.type === 'ElicitIntent' || dialogAction.type === 'ConfirmIntent') {
    expect(Array.isArray(messages) && messages.length > 0).toBe(true);
  }
  if (messages === undefined) return;
  if (!Array.isArray(messages)) throw new Error('messages must be an array');
  expect(messages.length).toBeLessThanOrEqual(10);
  for (const message of messages) {
    expect(['PlainText', 'SSML']).toContain(message.contentType);
    expect(typeof message.content).toBe('string');
    expect(message.content.length).toBeGreaterThanOrEqual(1);
    expect(message.content.length).toBeLessThanOrEqual(1024);
    if (message.contentType === 'SSML')
      expect(message.content).toMatch(/^<speak[\s>][\s\S]*<\/speak>$/);
  }
}

const connectOutcomes = ['fulfilled', 'failed', 'elicit', 'pending', 'handoff', 'idle'];

/** Connect's `STRING_MAP` validation: a flat string map, ≤ 32 KB, and never an empty prompt. */
export function expectValidConnectResponse(response: unknown): void {
  if (!isRecord(response)) throw new Error('the response must be an object');
  for (const value of Object.values(response)) expect(typeof value).toBe('string');
  expect(connectOutcomes).toContain(response.outcome);
  if (response.outcome === 'idle') {
    expect(response).not.toHaveProperty('message');
    expect(response).not.toHaveProperty('ssml');
  } else {
    expect(response.message).toMatch(/\S/);
    expect(response.ssml).toMatch(/^<speak>[\s\S]*\S[\s\S]*<\/speak>$/);
  }
  expect(bytes(response)).toBeLessThanOrEqual(32_000);
}

/** A Dialogflow CX WebhookResponse of ≤ 64 KiB. */
export function expectValidDialogflowCxResponse(response: unknown): void {
  expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  expect(bytes(response)).toBeLessThanOrEqual(64 * 1024);
  if (!isRecord(response) || !isRecord(response.fulfillmentResponse)) {
    throw new Error('fulfillmentResponse is required');
  }
  const messages = response.fulfillmentResponse.messages;
  if (!Array.isArray(messages)) throw new Error('messages must be an array');
  for (const message of messages) {
    if (isRecord(message.text)) {
      expect(Array.isArray(message.text.text)).toBe(true);
      for (const text of message.text.text) expect(typeof text).toBe('string');
    } else {
      expect(message.outputAudioText.ssml).toMatch(/^<speak>[\s\S]*<\/speak>$/);
    }
  }
  if (!isRecord(response.sessionInfo) || !isRecord(response.sessionInfo.parameters)) {
    throw new Error('sessionInfo.parameters must be a map');
  }
  for (const value of Object.values(response.sessionInfo.parameters)) {
    expect(value === null || typeof value === 'string').toBe(true);
  }
}
