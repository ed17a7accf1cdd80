import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { signStandardWebhook } from '#shared/webhooks/index.ts';
import { call, webhookSecrets } from '../demo-partner/support.ts';
import { emit, eventually, getState, queryState, resetPartner, switchboardUrl } from './support.ts';

beforeEach(resetPartner);

const runId = `${Date.now()}`;

/** A shop delivery signed as the partner would, for order numbers the demo partner lacks. */
async function sendShopEvent(options: {
  id: string;
  orderNumber: string;
  status: string;
  changedAt: Date;
}) {
  const body = JSON.stringify({
    type: 'order.status_changed',
    timestamp: options.changedAt.toISOString(),
    data: {
      orderNumber: options.orderNumber,
      previousStatus: null,
      status: options.status,
      customerPhone: '+15555550123',
      shipment: null,
      changedAt: options.changedAt.toISOString(),
    },
  });
  const headers = signStandardWebhook({
    secret: webhookSecrets('shop').inbound,
    id: options.id,
    timestamp: new Date(),
    body,
  });
  return call(`${switchboardUrl()}/webhooks/shop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('event-worker through the local runtime', () => {
  it('applies a shipped order once, with a timeline entry and news for the next turn', async () => {
    const result = await emit({
      system: 'shop',
      type: 'order.status_changed',
      data: { orderNumber: '10001', status: 'shipped' },
      duplicates: 2,
    });
    expect(result.deliveries.map((d) => d.status)).toEqual([202, 200, 200]);
    const order = await eventually(async () => {
      const item = await getState('order#10001', 'state');
      return item?.eventId === result.eventId ? item : undefined;
    });
    expect(order.state).toMatchObject({ orderNumber: '10001', status: 'shipped' });
    const news = await eventually(async () => {
      const item = await getState('customer#+15555550123', 'news#order#10001');
      return item?.eventId === result.eventId ? item : undefined;
    });
    expect(news).toMatchObject({ kind: 'order.shipped', params: { orderNumber: '10001' } });
    const timeline = await queryState('customer#+15555550123', 'timeline#');
    expect(timeline.filter((entry) => entry.eventId === result.eventId)).toHaveLength(1);
  });

  it('keeps the newest state when events arrive out of order', async () => {
    const orderNumber = `8${runId.slice(-9)}`;
    const older = new Date(Date.now() - 60_000);
    const newer = new Date(Date.now() - 30_000);
    const first = await sendShopEvent({
      id: `msg_new_${runId}`,
      orderNumber,
      status: 'delivered',
      changedAt: newer,
    });
    const second = await sendShopEvent({
      id: `msg_old_${runId}`,
      orderNumber,
      status: 'shipped',
      changedAt: older,
    });
    expect([first.status, second.status]).toEqual([202, 202]);
    // Both are applied (the timeline shows both), and the late one changed nothing.
    await eventually(async () => {
      const entries = await queryState('customer#+15555550123', 'timeline#');
      const ids = entries.map((entry) => entry.eventId);
      return ids.includes(`msg_new_${runId}`) && ids.includes(`msg_old_${runId}`)
        ? true
        : undefined;
    });
    const order = await getState(`order#${orderNumber}`, 'state');
    expect(order).toMatchObject({ eventId: `msg_new_${runId}`, state: { status: 'delivered' } });
    const news = await getState('customer#+15555550123', `news#order#${orderNumber}`);
    expect(news).toMatchObject({ kind: 'order.delivered' });
  });

  it('a poison message on the queue does not hold back the events beside it', async () => {
    const sqs = new SQSClient({
      endpoint: inject('sqsEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
    });
    const queueUrl = inject('queueUrls').events as string;
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"not":"an event"' }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({
          partner: 'shop',
          eventId: `poison-${runId}`,
          type: 'order.status_changed',
          payload: { broken: true },
          receivedAt: new Date().toISOString(),
          correlationId: 'test',
        }),
      }),
    );
    const orderNumber = `9${runId.slice(-9)}`;
    const sent = await sendShopEvent({
      id: `msg_beside_poison_${runId}`,
      orderNumber,
      status: 'shipped',
      changedAt: new Date(),
    });
    expect(sent.status).toBe(202);
    await eventually(() => getState(`order#${orderNumber}`, 'state'));
    sqs.destroy();
  });
});
