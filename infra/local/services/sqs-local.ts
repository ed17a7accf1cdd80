import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { deadLetterQueueName } from '../../topology/rules.ts';
import type { QueueSpec } from '../../topology/types.ts';
import { localCredentials, localRegion } from './aws-local.ts';

export interface SqsLocal {
  readonly endpoint: string;
  readonly client: SQSClient;
  stop(): Promise<void>;
}

export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
}

/** Starts the fauxqs SQS emulator in this process. */
export async function startSqsLocal(options: { host: string; port: number }): Promise<SqsLocal> {
  const server = await startFauxqs({ port: options.port, host: options.host, logger: false });
  const endpoint = `http://${options.host}:${server.port}`;
  const client = new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

/** Attaches to an SQS emulator someone else runs (the integration tier shares one). */
export function connectSqs(endpoint: string): SqsLocal {
  const client = new SQSClient({ endpoint, region: localRegion, credentials: localCredentials });
  return { endpoint, client, stop: async () => client.destroy() };
}

export const isSqsHealthy = async (client: SQSClient): Promise<boolean> =>
  client.send(new ListQueuesCommand({ MaxResults: 1 })).then(
    () => true,
    () => false,
  );

/**
 * Creates every queue and its DLQ with the topology's visibility timeout, retention and
 * redrive policy (the emulator moves a message to the DLQ after `maxReceiveCount` receives).
 */
export async function createQueues(
  client: SQSClient,
  queues: readonly QueueSpec[],
): Promise<Map<string, LocalQueue>> {
  const created = new Map<string, LocalQueue>();
  const create = async (name: string, attributes: Record<string, string>): Promise<LocalQueue> => {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    if (!QueueUrl) throw new Error(`SQS returned no URL for queue "${name}"`);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queue = { url: QueueUrl, arn: Attributes?.QueueArn ?? '' };
    created.set(name, queue);
    return queue;
  };
  const days = (count: number) => String(count * 24 * 60 * 60);
  for (const spec of queues) {
    const deadLetter = await create(deadLetterQueueName(spec.name), {
      MessageRetentionPeriod: days(14),
    });
    await create(spec.name, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      MessageRetentionPeriod: days(spec.retentionDays),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: deadLetter.arn,
        maxReceiveCount: spec.maxReceiveCount,
      }),
    });
  }
  return created;
}
