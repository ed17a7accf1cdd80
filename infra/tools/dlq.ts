/**
 * `npm run dlq -- list|show|redrive <queue> [--aws] [--queue-url <url>] [--max <n>]`
 *
 * Inspects and redrives the dead-letter queue of a Switchboard queue (`events`, `jobs`,
 * `outbound`). By default it talks to the local runtime's SQS (`AWS_ENDPOINT_URL_SQS`, else
 * `http://127.0.0.1:${SQS_LOCAL_PORT:-9324}`); `--aws` uses the normal AWS credential chain and
 * region instead. In AWS, queue names are generated, so give the source queue's URL with
 * `--queue-url` or `<QUEUE>_QUEUE_URL` (the stack outputs `<Queue>QueueUrl`); the DLQ is found
 * from the queue's redrive policy.
 */
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

interface Options {
  readonly command: 'list' | 'show' | 'redrive';
  readonly queue: string;
  readonly aws: boolean;
  readonly queueUrl?: string;
  readonly max: number;
}

const usage =
  'usage: npm run dlq -- list|show|redrive <queue> [--aws] [--queue-url <url>] [--max <n>]';

function parseArgs(args: readonly string[]): Options {
  const positional: string[] = [];
  let aws = false;
  let queueUrl: string | undefined;
  let max = 100;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--aws') aws = true;
    else if (arg === '--queue-url') queueUrl = args[++i];
    else if (arg === '--max') max = Number(args[++i]);
    else positional.push(arg);
  }
  const [command, queue] = positional;
  if ((command !== 'list' && command !== 'show' && command !== 'redrive') || !queue) {
    throw new Error(usage);
  }
  if (!Number.isInteger(max) || max < 1) throw new Error('--max needs a positive integer');
  return { command, queue, aws, max, ...(queueUrl ? { queueUrl } : {}) };
}

function client(options: Options): SQSClient {
  if (options.aws) return new SQSClient({});
  const endpoint =
    process.env.AWS_ENDPOINT_URL_SQS ?? `http://127.0.0.1:${process.env.SQS_LOCAL_PORT ?? '9324'}`;
  return new SQSClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // Local queue URLs are not usable as endpoints.
    useQueueUrlAsEndpoint: false,
  });
}

async function sourceQueueUrl(sqs: SQSClient, options: Options): Promise<string> {
  const fromEnv = process.env[`${options.queue.toUpperCase().replace(/-/g, '_')}_QUEUE_URL`];
  if (options.queueUrl ?? fromEnv) return (options.queueUrl ?? fromEnv) as string;
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: options.queue }));
  if (!QueueUrl) throw new Error(`queue ${options.queue} not found`);
  return QueueUrl;
}

/** The DLQ named by the source queue's redrive policy. */
async function deadLetterQueueUrl(sqs: SQSClient, sourceUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: sourceUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const policy = Attributes?.RedrivePolicy;
  if (!policy) throw new Error('the queue has no redrive policy, so no DLQ');
  const arn = (JSON.parse(policy) as { deadLetterTargetArn: string }).deadLetterTargetArn;
  const [, , , , account, name] = arn.split(':');
  const { QueueUrl } = await sqs.send(
    new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }),
  );
  if (!QueueUrl) throw new Error(`dead-letter queue ${name} not found`);
  return QueueUrl;
}

async function receive(
  sqs: SQSClient,
  url: string,
  visibilitySeconds: number,
  maxMessages = 10,
): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: maxMessages,
      VisibilityTimeout: visibilitySeconds,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages;
}

export async function main(args: readonly string[], out = console.log): Promise<void> {
  const options = parseArgs(args);
  const sqs = client(options);
  try {
    const source = await sourceQueueUrl(sqs, options);
    const dlq = await deadLetterQueueUrl(sqs, source);
    if (options.command === 'list' || options.command === 'show') {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: dlq,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      );
      out(`${dlq}: ${Attributes?.ApproximateNumberOfMessages ?? '?'} message(s)`);
      // Visibility 0: a peek must not hide messages from the next command.
      for (const message of await receive(sqs, dlq, 0)) {
        const sentAt = Number(message.Attributes?.SentTimestamp ?? 0);
        out(
          `${message.MessageId}  sent ${new Date(sentAt).toISOString()}  receives ${message.Attributes?.ApproximateReceiveCount ?? '?'}  ${message.Body?.length ?? 0} bytes`,
        );
        if (options.command === 'show') out(message.Body ?? '');
      }
      return;
    }
    let moved = 0;
    while (moved < options.max) {
      // Only as many as may move: a message received and left would stay hidden for 30 s.
      const batch = await receive(sqs, dlq, 30, Math.min(10, options.max - moved));
      if (batch.length === 0) break;
      for (const message of batch) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: source,
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
          }),
        );
        // Deleted only after the copy is on the source queue: a crash duplicates, never loses.
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: dlq, ReceiptHandle: message.ReceiptHandle }),
        );
        moved += 1;
      }
    }
    out(`redrove ${moved} message(s) from ${dlq} to ${source}`);
  } finally {
    sqs.destroy();
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
