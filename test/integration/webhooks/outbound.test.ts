import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { control } from '../demo-partner/support.ts';
import { demoPartnerUrl, eventually, type Item, resetPartner } from './support.ts';

beforeEach(resetPartner);

const sqs = new SQSClient({
  endpoint: inject('sqsEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  useQueueUrlAsEndpoint: false,
});
afterAll(() => sqs.destroy());

const runId = `${Date.now()}`;

async function publish(id: string, type: string) {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: inject('queueUrls').outbound as string,
      MessageBody: JSON.stringify({
        id,
        type,
        occurredAt: new Date().toISOString(),
        data: { conversationId: `conv-${runId}`, channel: 'chat', outcome: 'resolved' },
      }),
    }),
  );
}

async function receivedBy(system: string, id: string): Promise<Item[]> {
  const response = await control<Item[]>(demoPartnerUrl(), 'GET', `received?system=${system}`);
  return response.body.filter((entry: Item) => entry.id === id);
}

describe('outbound-dispatcher through the local runtime', () => {
  it('delivers conversation.ended to the subscribed crm, signed and verified', async () => {
    const id = `evt_ended_${runId}`;
    await publish(id, 'conversation.ended');
    const [received] = await eventually(async () => {
      const entries = await receivedBy('crm', id);
      return entries.length > 0 ? entries : undefined;
    });
    expect(received).toMatchObject({
      verified: true,
      type: 'conversation.ended',
      duplicate: false,
    });
    expect(await receivedBy('tickets', id)).toEqual([]);
  });

  it('retries until the partner accepts, honouring Retry-After, with the same webhook-id', async () => {
    const faulted = await control(demoPartnerUrl(), 'POST', 'faults', {
      target: 'tickets.receiveWebhook',
      status: 503,
      retryAfterSeconds: 1,
      count: 2,
    });
    expect(faulted.status).toBe(201);
    const id = `evt_handoff_${runId}`;
    await publish(id, 'handoff.requested');
    const entries = await eventually(
      async () => {
        const found = await receivedBy('tickets', id);
        return found.some((entry) => entry.verified) ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(entries.filter((entry) => entry.verified)).toHaveLength(1);
    const calls = await control<Record<string, number>>(demoPartnerUrl(), 'GET', 'calls');
    expect(calls.body['tickets.receiveWebhook']).toBeGreaterThanOrEqual(3);
  });
});
