/**
 * `npm run load-reference-data -- <file.csv|file.json> [--dataset <name>] [--table <name>]
 *   [--endpoint <url> | --aws]`
 *
 * Loads rows for a data-table partner into ConversationState (`pk = reference#<dataset>`).
 * By default it targets the local runtime's DynamoDB (AWS_ENDPOINT_URL_DYNAMODB, else
 * http://127.0.0.1:$DYNAMODB_LOCAL_PORT or 8000); `--aws` uses the account's credentials and
 * then needs the deployed table's physical name in `--table`.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { partnerRegistry } from '#shared/partners/index.ts';
import { loadReferenceFile } from '#shared/reference-data/load.ts';
import { referenceRowsStore } from '#shared/state/reference-rows-store.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dataset: { type: 'string' },
    table: { type: 'string', default: 'ConversationState' },
    endpoint: { type: 'string' },
    aws: { type: 'boolean', default: false },
    key: { type: 'string' },
  },
});

const file = positionals[0];
if (!file) {
  console.error(
    'usage: npm run load-reference-data -- <file.csv|file.json> [--dataset name] [--table name] [--endpoint url | --aws]',
  );
  process.exit(2);
}
const endpoint = values.aws
  ? undefined
  : (values.endpoint ??
    process.env.AWS_ENDPOINT_URL_DYNAMODB ??
    `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT ?? '8000'}`);
const client = new DynamoDBClient(
  endpoint
    ? {
        endpoint,
        region: process.env.AWS_REGION ?? 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }
    : {},
);

try {
  const { dataset, rows } = await loadReferenceFile(
    referenceRowsStore({ dynamo: client, tableName: values.table }),
    file,
    await readFile(file, 'utf8'),
    partnerRegistry,
    {
      ...(values.dataset && { dataset: values.dataset }),
      ...(values.key && { keyColumn: values.key }),
    },
  );
  console.log(
    `Loaded ${rows} "${dataset}" rows into ${values.table}${endpoint ? ` at ${endpoint}` : ''}.`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  client.destroy();
}
