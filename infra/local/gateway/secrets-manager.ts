import { randomUUID } from 'node:crypto';
import { localAccountId, localRegion } from '../services/aws-local.ts';
import type { HttpResponse } from './http-api.ts';

interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  value: string;
  versionId: string;
  createdDate: number;
}

/**
 * The slice of the Secrets Manager API functions use (GetSecretValue, PutSecretValue,
 * DescribeSecret), served from `infra/local/secrets.json`, so function code reads secrets with
 * the same SDK calls locally and in AWS. PutSecretValue lets tests and users rotate a secret.
 */
export class LocalSecretsManager {
  readonly #secrets = new Map<string, StoredSecret>();

  constructor(initial: Readonly<Record<string, unknown>>) {
    for (const [name, value] of Object.entries(initial)) {
      this.#secrets.set(name, {
        name,
        arn: `arn:aws:secretsmanager:${localRegion}:${localAccountId}:secret:${name}-local`,
        value: typeof value === 'string' ? value : JSON.stringify(value),
        versionId: randomUUID(),
        createdDate: Date.now() / 1000,
      });
    }
  }

  get names(): string[] {
    return [...this.#secrets.keys()];
  }

  /** Handles one JSON-1.1 request; `target` is the `X-Amz-Target` header. */
  handle(target: string, body: Buffer): HttpResponse {
    let input: { SecretId?: unknown; SecretString?: unknown };
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return awsError(400, 'SerializationException', 'The request body is not valid JSON');
    }
    const operation = target.replace(/^secretsmanager\./, '');
    if (!['GetSecretValue', 'PutSecretValue', 'DescribeSecret'].includes(operation)) {
      return awsError(400, 'UnknownOperationException', `${operation} is not emulated locally`);
    }
    const secret = this.#find(input.SecretId);
    if (!secret) {
      return awsError(
        400,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    }
    if (operation === 'PutSecretValue') {
      if (typeof input.SecretString !== 'string') {
        return awsError(400, 'InvalidParameterException', 'SecretString must be a string');
      }
      secret.value = input.SecretString;
      secret.versionId = randomUUID();
      secret.createdDate = Date.now() / 1000;
      return json({
        ARN: secret.arn,
        Name: secret.name,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
      });
    }
    if (operation === 'DescribeSecret') {
      return json({ ARN: secret.arn, Name: secret.name, LastChangedDate: secret.createdDate });
    }
    return json({
      ARN: secret.arn,
      Name: secret.name,
      VersionId: secret.versionId,
      SecretString: secret.value,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdDate,
    });
  }

  #find(secretId: unknown): StoredSecret | undefined {
    if (typeof secretId !== 'string') return undefined;
    return (
      this.#secrets.get(secretId) ??
      [...this.#secrets.values()].find((secret) => secret.arn === secretId)
    );
  }
}

const json = (body: unknown): HttpResponse => ({
  statusCode: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: Buffer.from(JSON.stringify(body)),
});

const awsError = (statusCode: number, type: string, message: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
  body: Buffer.from(JSON.stringify({ __type: type, message })),
});
