import type { LocalFunction } from '../lambda/local-function.ts';
import { localAccountId, localRegion } from '../services/aws-local.ts';
import type { HttpResponse } from './http-api.ts';

/** Lambda's synchronous invocation payload limit. */
const maxPayloadBytes = 6 * 1024 * 1024;

export const invokePathPattern = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`), so the AWS SDK and
 * CLI reach local functions with only an endpoint override. Accepts a name, a partial ARN or a
 * full ARN, as Lambda does.
 */
export async function invokeFunction(
  functions: ReadonlyMap<string, LocalFunction>,
  request: { encodedName: string; invocationType: string | undefined; body: Buffer },
  log: (line: string) => void,
): Promise<HttpResponse> {
  const identifier = decodeURIComponent(request.encodedName);
  const name = functionNameOf(identifier);
  const fn = functions.get(name);
  if (!fn) {
    return lambdaError(
      404,
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:${localRegion}:${localAccountId}:function:${name}`,
    );
  }
  if (request.body.length > maxPayloadBytes) {
    return lambdaError(
      413,
      'RequestTooLargeException',
      `Request must be smaller than ${maxPayloadBytes} bytes for the InvokeFunction operation`,
    );
  }
  let event: unknown = {};
  if (request.body.length > 0) {
    try {
      event = JSON.parse(request.body.toString('utf8'));
    } catch {
      return lambdaError(
        400,
        'InvalidRequestContentException',
        'Could not parse request body into json',
      );
    }
  }

  const invocationType = request.invocationType ?? 'RequestResponse';
  if (invocationType === 'DryRun') return { statusCode: 204, headers: {}, body: Buffer.alloc(0) };
  if (invocationType === 'Event') {
    void fn.invoke(event).then((outcome) => {
      if (!outcome.ok)
        log(`${fn.name} (async invoke ${outcome.requestId}) failed: ${outcome.error.errorType}`);
    });
    return { statusCode: 202, headers: {}, body: Buffer.alloc(0) };
  }
  if (invocationType !== 'RequestResponse') {
    return lambdaError(
      400,
      'InvalidParameterValueException',
      `Unsupported InvocationType: ${invocationType}`,
    );
  }

  const outcome = await fn.invoke(event);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-executed-version': '$LATEST',
    'x-amzn-requestid': outcome.requestId,
  };
  if (outcome.ok) return { statusCode: 200, headers, body: Buffer.from(outcome.payload) };
  // A function error is still a successful Invoke call: 200, flagged by X-Amz-Function-Error.
  return {
    statusCode: 200,
    headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
    body: Buffer.from(JSON.stringify(outcome.error)),
  };
}

/** `my-fn`, `my-fn:alias`, `123:function:my-fn` and full ARNs all name `my-fn`. */
export function functionNameOf(identifier: string): string {
  const afterFunction = /(?:^|:)function:([^:]+)/.exec(identifier)?.[1];
  return afterFunction ?? identifier.split(':')[0] ?? identifier;
}

function lambdaError(statusCode: number, type: string, message: string): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: Buffer.from(JSON.stringify({ Type: 'User', Message: message })),
  };
}
