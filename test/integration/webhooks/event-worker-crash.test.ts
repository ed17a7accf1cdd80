import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import { localCredentials, localRegion } from '#infra/local/services/aws-local.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import type { Topology } from '#infra/topology/types.ts';
import { chatToken } from '../identity/support.ts';
import {
  eventually,
  getState,
  queryState,
  startSideRuntime,
  switchboardUrl,
  tierSqsClient,
} from './support.ts';

const _projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const markerDirectory = mkdtempSync(path.join(tmpdir(), 'switchboard-crash-'));
const runId = `${Date.now()}`;
const customer = '+15555550123';

/** The real event-worker, with a crash injected mid-batch, on its own queue. */
const crashTopology: Topology = {
  appName: 'SwitchboardCrashTest',
  functions: [
    {
      name: 'event-worker',
      description: 'The event-worker with an injected crash',
      entry: 'test/fixtures/runtime/handlers/crashing-event-worker.ts',
      memoryMb: 256,
      // The real worker's 30 s would make the test slow; 10 s still fits a batch on a busy machine.
      timeoutSeconds: 10,
      environment: {
        CRASH_MARKER_DIR: markerDirectory,
        JOBS_QUEUE_URL: inject('queueUrls').jobs as string,
      },
      tables: { ConversationState: 'read-write', Idempotency: 'idempotency' },
      eventSource: { queue: 'crash-events', batchSize: 10, maxBatchingWindowSeconds: 1 },
    },
  ],
  queues: [
    // Redelivery comes once the crashed environment is gone and its in-progress claim expired.
    { name: 'crash-events', visibilityTimeoutSeconds: 20, maxReceiveCount: 10, retentionDays: 1 },
  ],
  tables: switchboardTopology.tables,
  secrets: [],
};

let runtime: LocalRuntime;
const sqs = tierSqsClient();

beforeAll(async () => {
  runtime = await startSideRuntime(crashTopology, {});
  // Start the environment before the batch arrives: a cold start on a busy machine can outlast
  // the visibility timeout and make SQS hand the same batch to a second environment.
  const lambda = new LambdaClient({
    endpoint: runtime.url,
    region: localRegion,
    credentials: localCredentials,
  });
  await lambda.send(
    new InvokeCommand({ FunctionName: 'event-worker', Payload: JSON.stringify({ Records: [] }) }),
  );
  lambda.destroy();
}, 180_000);

afterAll(async () => {
  sqs.destroy();
  await runtime?.stop();
  rmSync(markerDirectory, { recursive: true, force: true });
});

function shippedOrderMessage(eventId: string, orderNumber: string, phone = customer) {
  const changedAt = new Date().toISOString();
  return {
    partner: 'shop',
    eventId,
    type: 'order.status_changed',
    payload: {
      type: 'order.status_changed',
      timestamp: changedAt,
      data: {
        orderNumber,
        previousStatus: 'processing',
        status: 'shipped',
        customerPhone: phone,
        shipment: { carrier: 'DHL', trackingNumber: 'JD0001', expectedDelivery: null },
        changedAt,
      },
    },
    receivedAt: changedAt,
    correlationId: `crash-${eventId}`,
  };
}

describe('event-worker crashing mid-batch', () => {
  it('applies every event of the batch exactly once after the redelivery', async () => {
    const events = ['a', 'b', 'crash-once', 'd', 'e'].map((name, index) => ({
      eventId: `evt_${name}_${runId}`,
      orderNumber: `7${runId.slice(-8)}${index}`,
    }));
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.queues.get('crash-events')?.url,
        Entries: events.map((event, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(shippedOrderMessage(event.eventId, event.orderNumber)),
        })),
      }),
    );
    expect(sent.Failed ?? []).toEqual([]);

    // The crashed event is only finished by the redelivery, after the visibility timeout.
    for (const event of events) {
      const news = await eventually(
        () => getState(`customer#${customer}`, `news#order#${event.orderNumber}`),
        { timeoutMs: 150_000 },
      );
      expect(news).toMatchObject({ eventId: event.eventId, kind: 'order.shipped' });
      expect(await getState(`order#${event.orderNumber}`, 'state')).toMatchObject({
        eventId: event.eventId,
        state: { status: 'shipped' },
      });
    }
    const timeline = await queryState(`customer#${customer}`, 'timeline#');
    for (const event of events) {
      expect(timeline.filter((entry) => entry.eventId === event.eventId)).toHaveLength(1);
    }

    const entityWrites = readFileSync(path.join(markerDirectory, 'entity-writes.log'), 'utf8')
      .trim()
      .split('\n');
    const writesOf = (eventId: string) => entityWrites.filter((id) => id === eventId).length;
    const [crashed] = events.filter((event) => event.eventId.includes('crash-once'));
    // The crash really happened: the crashed event ran twice, the others once despite the
    // whole batch coming back.
    expect(writesOf(crashed?.eventId as string)).toBe(2);
    for (const event of events.filter((other) => other !== crashed)) {
      expect(writesOf(event.eventId)).toBe(1);
    }
  }, 300_000);

  it('tells news exactly once when the worker dies after writing it, before finishing', async () => {
    const eventId = `evt_crash-after-news_${runId}`;
    const orderNumber = `8${runId.slice(-8)}`;
    // A caller of their own: news left by other tests would crowd this one out of a turn.
    const caller = `+1555${runId.slice(-7)}`;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.queues.get('crash-events')?.url,
        Entries: [
          {
            Id: '0',
            MessageBody: JSON.stringify(shippedOrderMessage(eventId, orderNumber, caller)),
          },
        ],
      }),
    );
    expect(sent.Failed ?? []).toEqual([]);
    await eventually(() => getState(`customer#${caller}`, `news#order#${orderNumber}`), {
      timeoutMs: 120_000,
    });

    // The caller (verified: news is only for them) hears it while the crashed worker's event is
    // still unfinished.
    const heard = async (label: string) => {
      const response = await fetch(`${switchboardUrl()}/channels/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await chatToken(caller)) },
        body: JSON.stringify({
          sessionId: `${label}-${runId}`,
          locale: 'en-US',
          intent: 'CheckStoreHours',
          slots: { city: 'Warsaw' },
        }),
      });
      expect(response.status).toBe(200);
      const reply = (await response.json()) as { messages: { text: string }[] };
      return reply.messages.filter((message) => message.text.includes(orderNumber)).length;
    };
    expect(await heard('news-first')).toBe(1);

    // The redelivery finishes the event: its entity is written a second time.
    await eventually(
      async () => {
        const writes = readFileSync(path.join(markerDirectory, 'entity-writes.log'), 'utf8');
        return writes.split('\n').filter((id) => id === eventId).length >= 2 ? true : undefined;
      },
      { timeoutMs: 150_000 },
    );
    await eventually(
      async () => {
        const news = await getState(`customer#${caller}`, `news#order#${orderNumber}`);
        return news?.told === true ? news : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(await heard('news-again')).toBe(0);
  }, 300_000);
});
