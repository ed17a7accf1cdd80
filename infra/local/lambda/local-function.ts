import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type {
  InvocationRequest,
  InvocationResponse,
  LambdaErrorPayload,
  WorkerReady,
  WorkerSetup,
} from './protocol.ts';

export type InvocationOutcome =
  | { readonly ok: true; readonly payload: string; readonly requestId: string }
  | { readonly ok: false; readonly error: LambdaErrorPayload; readonly requestId: string };

export interface LocalFunctionOptions {
  readonly name: string;
  readonly entryPath: string;
  readonly handlerName: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly region: string;
  readonly accountId: string;
  /** Execution environments that may run at once; further invocations wait for one. */
  readonly maxConcurrency: number;
  /** Told every line the function writes to stdout or stderr, which still reach the terminal. */
  readonly onLogLine?: (line: string) => void;
}

interface Environment {
  readonly worker: Worker;
  busy: boolean;
  settle?: (response: InvocationResponse | { crashed: LambdaErrorPayload }) => void;
}

const workerUrl = new URL('./worker.ts', import.meta.url);

/**
 * Longest init phase (module load) tolerated. Lambda allows 10 s; local machines under test load
 * are slower, and init time never counts against the function timeout, as in Lambda.
 */
const initTimeoutMs = 120_000;

/**
 * A function as the Lambda service runs it: a pool of execution environments (worker threads),
 * each handling one invocation at a time, created on demand (cold starts) and reused (warm).
 * The configured timeout is enforced by discarding the environment, as Lambda does.
 */
export class LocalFunction {
  readonly name: string;
  readonly arn: string;
  readonly #options: LocalFunctionOptions;
  readonly #environments = new Set<Environment>();
  readonly #waiting: Array<() => void> = [];
  #nextId = 0;
  #stopped = false;

  constructor(options: LocalFunctionOptions) {
    this.#options = options;
    this.name = options.name;
    this.arn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.name}`;
  }

  /** The variables each of its environments starts with. */
  get environment(): Readonly<Record<string, string>> {
    return this.#options.environment;
  }

  get environmentCount(): number {
    return this.#environments.size;
  }

  async invoke(event: unknown): Promise<InvocationOutcome> {
    const requestId = randomUUID();
    if (this.#stopped) {
      return {
        ok: false,
        requestId,
        error: { errorType: 'ServiceException', errorMessage: 'The local runtime is stopping' },
      };
    }
    let environment: Environment;
    try {
      environment = await this.#acquire();
    } catch (error) {
      return {
        ok: false,
        requestId,
        error: { errorType: 'Runtime.InitError', errorMessage: (error as Error).message },
      };
    }
    const timeoutMs = this.#options.timeoutSeconds * 1000;
    const request: InvocationRequest = {
      id: ++this.#nextId,
      requestId,
      event,
      deadline: Date.now() + timeoutMs,
    };
    try {
      const response = await new Promise<
        InvocationResponse | { crashed: LambdaErrorPayload } | 'timeout'
      >((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), timeoutMs);
        environment.settle = (value) => {
          clearTimeout(timer);
          resolve(value);
        };
        environment.worker.postMessage(request);
      });
      if (response === 'timeout') {
        this.#discard(environment);
        return {
          ok: false,
          requestId,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${this.#options.timeoutSeconds.toFixed(2)} seconds`,
          },
        };
      }
      if ('crashed' in response) return { ok: false, requestId, error: response.crashed };
      return response.ok
        ? { ok: true, requestId, payload: response.payload }
        : { ok: false, requestId, error: response.error };
    } finally {
      environment.settle = undefined;
      this.#release(environment);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#environments].map((environment) => environment.worker.terminate()));
    this.#environments.clear();
  }

  async #acquire(): Promise<Environment> {
    for (;;) {
      const idle = [...this.#environments].find((environment) => !environment.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.#environments.size < this.#options.maxConcurrency) {
        return this.#create();
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #release(environment: Environment): void {
    environment.busy = false;
    this.#waiting.shift()?.();
  }

  #discard(environment: Environment): void {
    this.#environments.delete(environment);
    void environment.worker.terminate();
  }

  /** Starts an environment, already marked busy, and resolves once its init phase is over. */
  async #create(): Promise<Environment> {
    const setup: WorkerSetup = {
      entryUrl: pathToFileURL(this.#options.entryPath).href,
      handlerName: this.#options.handlerName,
      functionName: this.name,
      functionArn: this.arn,
      memoryMb: this.#options.memoryMb,
    };
    const worker = new Worker(workerUrl, {
      workerData: setup,
      env: { ...this.#options.environment },
      // Lambda caps the heap by the configured memory; so does each local environment.
      resourceLimits: { maxOldGenerationSizeMb: this.#options.memoryMb },
      ...(this.#options.onLogLine && { stdout: true, stderr: true }),
    });
    const onLogLine = this.#options.onLogLine;
    if (onLogLine) {
      forwardLines(worker.stdout, process.stdout, onLogLine);
      forwardLines(worker.stderr, process.stderr, onLogLine);
    }
    const environment: Environment = { worker, busy: true };
    this.#environments.add(environment);
    const crash = (errorMessage: string) => {
      this.#environments.delete(environment);
      environment.settle?.({ crashed: { errorType: 'Runtime.ExitError', errorMessage } });
    };
    worker.on('error', (error) => crash(`Runtime exited with error: ${error.message}`));
    worker.on('exit', (code) => crash(`Runtime exited with status ${code}`));

    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Init did not finish within ${initTimeoutMs / 1000} s`)),
          initTimeoutMs,
        );
        environment.settle = (value) => {
          clearTimeout(timer);
          reject(
            new Error(
              'crashed' in value ? value.crashed.errorMessage : 'Unexpected message during init',
            ),
          );
        };
        worker.once('message', (message: WorkerReady) => {
          clearTimeout(timer);
          if (message.ready) resolve();
        });
      });
    } catch (error) {
      this.#discard(environment);
      this.#waiting.shift()?.();
      throw error;
    } finally {
      environment.settle = undefined;
    }
    worker.on('message', (response: InvocationResponse) => environment.settle?.(response));
    return environment;
  }
}

/** Passes a worker's output on unchanged and tells `onLine` each complete line of it. */
function forwardLines(
  from: NodeJS.ReadableStream,
  to: NodeJS.WritableStream,
  onLine: (line: string) => void,
): void {
  let partial = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    to.write(chunk);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
}
