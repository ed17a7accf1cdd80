import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main as dlq } from '#infra/tools/dlq.ts';

const sqs = new SQSClient({
  endpoint: inject('sqsEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  useQueueUrlAsEndpoint: false,
});
// Its own pair of queues: nothing consumes them, so what the command does is all that happens.
const queue = `dlq-tool-${Date.now()}`;
let sourceUrl: string;
let deadLetterUrl: string;

async function run(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await dlq(args, (line: string) => lines.push(line));
  return lines;
}

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_SQS = inject('sqsEndpoint');
  deadLetterUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${queue}-dlq` })))
    .QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
  );
  sourceUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: queue,
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount: 3,
          }),
        },
      }),
    )
  ).QueueUrl as string;
  for (const n of [1, 2, 3]) {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: deadLetterUrl, MessageBody: `{"job":${n}}` }),
    );
  }
});

afterAll(() => {
  sqs.destroy();
  delete process.env.AWS_ENDPOINT_URL_SQS;
});

describe('npm run dlq', () => {
  it('lists and shows the dead letters of a queue, found through its redrive policy', async () => {
    const listed = await run('list', queue);
    expect(listed[0]).toMatch(/: 3 message\(s\)$/);
    expect(listed.slice(1).join('\n')).not.toContain('{"job"');
    const shown = (await run('show', queue)).join('\n');
    expect(shown).toContain('{"job":1}');
  });

  it('redrives at most --max messages back to the source queue', async () => {
    expect(await run('redrive', queue, '--max', '2')).toEqual([
      `redrove 2 message(s) from ${deadLetterUrl} to ${sourceUrl}`,
    ]);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: sourceUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages.map((message) => message.Body).sort()).toHaveLength(2);
    expect((await run('list', queue))[0]).toMatch(/: 1 message\(s\)$/);
  });

  it('says what is wrong with a bad command line', async () => {
    await expect(run('purge', queue)).rejects.toThrow(/usage: npm run dlq/);
    await expect(run('list', 'no-such-queue')).rejects.toThrow();
  });
});
