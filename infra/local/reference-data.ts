import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { partnerRegistry } from '#shared/partners/index.ts';
import { loadReferenceFile } from '#shared/reference-data/load.ts';
import { referenceRowsStore } from '#shared/state/reference-rows-store.ts';
import { projectRoot } from './config.ts';
import { connectDynamoDb } from './services/dynamodb-local.ts';

const sampleDirectory = path.join(projectRoot, 'infra/local/reference-data');

/**
 * Loads the sample data tables (`infra/local/reference-data/*.csv|json`) into the local
 * ConversationState, so data-table skills answer right after `npm start` (DynamoDB Local keeps
 * nothing between runs).
 */
export async function loadSampleReferenceData(
  dynamoDbEndpoint: string,
  tableName = 'ConversationState',
): Promise<{ dataset: string; rows: number }[]> {
  const files = (await readdir(sampleDirectory)).filter((name) => /\.(csv|json)$/i.test(name));
  const dynamoDb = connectDynamoDb(dynamoDbEndpoint);
  try {
    const rows = referenceRowsStore({ dynamo: dynamoDb.client, tableName });
    const loaded = [];
    for (const name of files.sort()) {
      const text = await readFile(path.join(sampleDirectory, name), 'utf8');
      loaded.push(await loadReferenceFile(rows, name, text, partnerRegistry));
    }
    return loaded;
  } finally {
    await dynamoDb.stop();
  }
}
