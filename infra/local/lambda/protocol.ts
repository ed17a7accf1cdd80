/** Messages between the local Lambda service and its worker-thread execution environments. */

export interface WorkerSetup {
  readonly entryUrl: string;
  readonly handlerName: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memoryMb: number;
}

export interface InvocationRequest {
  readonly id: number;
  readonly requestId: string;
  readonly event: unknown;
  /** Epoch milliseconds at which the invocation times out. */
  readonly deadline: number;
}

export interface LambdaErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** Sent once the handler module has loaded (or failed to), ending the init phase. */
export interface WorkerReady {
  readonly ready: true;
}

export type InvocationResponse =
  | { readonly id: number; readonly ok: true; readonly payload: string }
  | { readonly id: number; readonly ok: false; readonly error: LambdaErrorPayload };
