/**
 * The duplicate storm: hundreds of signed shop deliveries, each order changing status three
 * times, every version delivered one to three times, all shuffled and sent concurrently through
 * the real webhook-receiver, while the event worker crashes mid-batch on some events. Every
 * event must be applied exactly once, the newest version must win whatever the arrival order,
 * and nothing may end in the dead-letter queue.
 *
 * It runs its own receiver and (crashing) event worker on a queue of its own, attached to the
 * tier's DynamoDB Local and SQS. `BREAK_IT_RUNS` scales the number of orders.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readLocalSecrets } from '#infra/local/config.ts';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import { switchboardTopology } from '#infra/topology/switchboard.ts';
import type { FunctionSpec, Topology } from '#infra/topology/types.ts';
import { breakItRuns, propertyParameters } from '#test/support/fuzz.ts';
import {
  eventually,
  getState,
  queryState,
  startSideRuntime,
  tierSqsClient,
} from '../webhooks/support.ts';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const markerDirectory = mkdtempSync(path.join(tmpdir(), 'switchboard-storm-'));
const secrets = readLocalSecrets(path.join(projectRoot, 'infra/local/secrets.json'));
/** Fictional; the storm's timeline entries all land on this customer. */
const customer = '+15555550199';
const stormQueue = 'storm-events';

const orderCount = Math.max(20, Math.round(breakItRuns / 6));
const statuses = ['processing', 'shipped', 'delivered'] as const;
/**
 * Orders whose newest version crashes the worker mid-batch the first time it is applied (after
 * its entity write, before its news). The newest, because an older version arriving after it has
 * no news to write and so would never reach the crash.
 */
const crashingOrders = new Set([1, 7]);

const realReceiver = switchboardTopology.functions.find(
  (spec) => spec.name === 'webhook-receiver',
) as FunctionSpec;
const stormQueueUrl = (inject('queueUrls').events as string).replace(/events$/, stormQueue);

const stormTopology: Topology = {
  appName: 'SwitchboardStormTest',
  functions: [
    {
      ...realReceiver,
      sendsTo: [stormQueue],
      environment: { ...realReceiver.environment, EVENTS_QUEUE_URL: stormQueueUrl },
    },
    {
      name: 'event-worker',
      description: 'The event-worker with injected crashes',
      entry: 'test/fixtures/runtime/handlers/crashing-event-worker.ts',
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: {
        CRASH_MARKER_DIR: markerDirectory,
        JOBS_QUEUE_URL: inject('queueUrls').jobs as string,
      },
      tables: { ConversationState: 'read-write', Idempotency: 'idempotency' },
      eventSource: { queue: stormQueue, batchSize: 10, maxBatchingWindowSeconds: 1 },
    },
  ],
  queues: [
    { name: stormQueue, visibilityTimeoutSeconds: 20, maxReceiveCount: 10, retentionDays: 1 },
  ],
  tables: switchboardTopology.tables,
  secrets: switchboardTopology.secrets,
};

let runtime: LocalRuntime;
const sqs = tierSqsClient();

beforeAll(async () => {
  runtime = await startSideRuntime(stormTopology, secrets);
}, 180_000);

afterAll(async () => {
  sqs.destroy();
  await runtime?.stop();
  rmSync(markerDirectory, { recursive: true, force: true });
});

interface Version {
  readonly eventId: string;
  readonly orderNumber: string;
  readonly status: (typeof statuses)[number];
  readonly changedAt: string;
}

/** Every version of every order, with ids of their own for each attempt of the test. */
function stormVersions(runId: string): Version[] {
  return Array.from({ length: orderCount }, (_, order) =>
    statuses.map((status, version) => {
      const crashes = crashingOrders.has(order) && version === statuses.length - 1;
      return {
        eventId: `evt_storm_${runId}_${order}_${version}${crashes ? '_crash-once' : ''}`,
        orderNumber: `5${runId}${String(order).padStart(3, '0')}`,
        status,
        // One minute apart: the partner's own clock orders the versions, not the arrival.
        changedAt: new Date(Date.UTC(2026, 10, 21, 9, version)).toISOString(),
      };
    }),
  ).flat();
}

function signedDelivery(version: Version): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    type: 'order.status_changed',
    timestamp: version.changedAt,
    data: {
      orderNumber: version.orderNumber,
      previousStatus: null,
      status: version.status,
      customerPhone: customer,
      shipment: null,
      changedAt: version.changedAt,
    },
  });
  const secret = (secrets['switchboard/shop/webhooks'] as { inbound: string[] }).inbound[0] ?? '';
  const timestamp = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
    .update(`${version.eventId}.${timestamp}.${body}`)
    .digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': version.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${mac}`,
    },
  };
}

/** As a partner does: a 409 (the same id being accepted now) or a 503 is retried. */
async function deliver(version: Version): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    const { headers, body } = signedDelivery(version);
    const response = await fetch(`${runtime.url}/webhooks/shop`, { method: 'POST', headers, body });
    await response.arrayBuffer();
    if ((response.status !== 409 && response.status !== 503) || attempt >= 20) {
      return response.status;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('a duplicate storm with worker crashes', () => {
  it('applies every event once, keeps the newest version, and dead-letters nothing', async () => {
    const runId = Date.now().toString().slice(-8);
    const versions = stormVersions(runId);
    const copies = fc.sample(
      fc.array(fc.integer({ min: 1, max: 3 }), {
        minLength: versions.length,
        maxLength: versions.length,
      }),
      { ...propertyParameters(), numRuns: 1 },
    )[0] as number[];
    const deliveries = versions.flatMap((version, index) =>
      Array.from({ length: copies[index] ?? 1 }, () => version),
    );
    const shuffled = fc.sample(fc.shuffledSubarray(deliveries, { minLength: deliveries.length }), {
      ...propertyParameters(),
      numRuns: 1,
    })[0] as Version[];
    expect(shuffled.length).toBeGreaterThanOrEqual(versions.length);

    // 16 in flight: duplicates of one event do arrive while its first copy is being accepted.
    const statusesSeen: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < shuffled.length) {
          const version = shuffled[next] as Version;
          next += 1;
          statusesSeen.push(await deliver(version));
        }
      }),
    );
    expect(statusesSeen.filter((status) => status !== 200 && status !== 202)).toEqual([]);
    expect(statusesSeen.filter((status) => status === 202)).toHaveLength(versions.length);

    const timeline = await eventually(
      async () => {
        const entries = await queryState(`customer#${customer}`, 'timeline#');
        const ours = entries.filter((entry) => String(entry.eventId).includes(`_${runId}_`));
        return ours.length >= versions.length ? ours : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 1000 },
    );
    for (const version of versions) {
      expect(timeline.filter((entry) => entry.eventId === version.eventId)).toHaveLength(1);
    }

    // The news is written last, so a crashed event has it only after its redelivery.
    for (let order = 0; order < orderCount; order += 1) {
      const newest = versions[order * statuses.length + statuses.length - 1] as Version;
      const newsOf = () => getState(`customer#${customer}`, `news#order#${newest.orderNumber}`);
      // An older version's news can be there first; the assertion shows whatever stayed.
      const news = await eventually(
        async () => {
          const item = await newsOf();
          return item?.eventId === newest.eventId ? item : undefined;
        },
        { timeoutMs: 240_000, intervalMs: 1000 },
      ).catch(newsOf);
      expect(news).toMatchObject({ eventId: newest.eventId, kind: 'order.delivered' });
      expect(await getState(`order#${newest.orderNumber}`, 'state')).toMatchObject({
        eventId: newest.eventId,
        state: { status: 'delivered' },
      });
    }

    const entityWrites = readFileSync(path.join(markerDirectory, 'entity-writes.log'), 'utf8')
      .trim()
      .split('\n');
    for (const version of versions) {
      const writes = entityWrites.filter((id) => id === version.eventId).length;
      // A crashed event ran twice (the crash came after its entity write); any other, once.
      expect(writes, version.eventId).toBe(version.eventId.includes('crash-once') ? 2 : 1);
    }

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: `${stormQueueUrl}-dlq`,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(0);
    expect(Number(Attributes?.ApproximateNumberOfMessagesNotVisible)).toBe(0);
  }, 420_000);
});
