/**
 * One Lambda execution environment: loads a handler module once (cold start), then runs one
 * invocation at a time for the pool that owns it. Runs in a worker thread so that each function
 * has its own module state and `process.env`, like separate Lambda environments.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type {
  InvocationRequest,
  InvocationResponse,
  WorkerReady,
  WorkerSetup,
} from './protocol.ts';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');

type Handler = (event: unknown, context: unknown) => unknown;

const loaded: Promise<Handler> = import(setup.entryUrl).then((module: Record<string, unknown>) => {
  const handler = module[setup.handlerName];
  if (typeof handler !== 'function') {
    throw Object.assign(
      new Error(`${setup.entryUrl} does not export a function named "${setup.handlerName}"`),
      { name: 'Runtime.HandlerNotFound' },
    );
  }
  return handler as Handler;
});
// Init ends either way; a failed import is reported per invocation, like Lambda's
// Runtime.ImportModuleError, instead of crashing the pool.
loaded.then(
  () => port.postMessage({ ready: true } satisfies WorkerReady),
  () => port.postMessage({ ready: true } satisfies WorkerReady),
);

function errorPayload(error: unknown): {
  errorType: string;
  errorMessage: string;
  trace: string[];
} {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), trace: [] };
}

port.on('message', async (request: InvocationRequest) => {
  const context = {
    functionName: setup.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: setup.functionArn,
    memoryLimitInMB: String(setup.memoryMb),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${setup.functionName}`,
    logStreamName: `local/${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
  };
  let response: InvocationResponse;
  try {
    let handler: Handler;
    try {
      handler = await loaded;
    } catch (error) {
      throw error instanceof Error && error.name === 'Runtime.HandlerNotFound'
        ? error
        : Object.assign(new Error(errorPayload(error).errorMessage), {
            name: 'Runtime.ImportModuleError',
          });
    }
    const result = await handler(request.event, context);
    // Lambda serialises the result with JSON.stringify; `undefined` arrives as `null`.
    response = { id: request.id, ok: true, payload: JSON.stringify(result ?? null) };
  } catch (error) {
    response = { id: request.id, ok: false, error: errorPayload(error) };
  }
  port.postMessage(response);
});
