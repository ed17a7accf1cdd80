import * as z from 'zod';
import { type PartnerError, partnerErrorCodes } from '#shared/connectors/types.ts';

/**
 * A partner call that did not fit in a turn. The message on `jobs` carries everything the
 * worker needs; the job's record is what the next turn reads.
 */
export const jobMessageSchema = z.object({
  jobId: z.string().min(1).max(100),
  partner: z.string().min(1),
  operation: z.string().min(1),
  input: z.unknown(),
  correlationId: z.string().min(1).max(200),
  /** Reused by the worker so a POST the partner already received is not done twice. */
  idempotencyKey: z.string().min(1).max(255).optional(),
  createdAt: z.number(),
  /**
   * Set when a caller waits for the result (epoch ms): by then the record holds the result or a
   * final failure, and a turn that still finds it pending stops waiting.
   */
  answerBy: z.number().optional(),
});

export type JobMessage = z.infer<typeof jobMessageSchema>;

const partnerErrorSchema = z.object({
  code: z.enum(partnerErrorCodes),
  message: z.string(),
  httpStatus: z.number().optional(),
  retryAfterMs: z.number().optional(),
});

const jobStatuses = ['pending', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const jobRecordSchema = z.object({
  jobId: z.string(),
  partner: z.string(),
  operation: z.string(),
  correlationId: z.string(),
  status: z.enum(jobStatuses),
  createdAt: z.number(),
  answerBy: z.number().optional(),
  completedAt: z.number().optional(),
  attempts: z.number().optional(),
  result: z.unknown().optional(),
  error: partnerErrorSchema.optional(),
});

export type JobRecord = z.infer<typeof jobRecordSchema>;

/**
 * How long a caller waits on a job before hearing a definite answer: long enough for a slow
 * partner, an open breaker's wait and a probe; short enough that "still checking" never runs on.
 */
export const defaultJobAnswerWithinMs = 60_000;

/** Time a turn allows past `answerBy` for the worker's final write to land. */
export const jobAnswerGraceMs = 5_000;

/** A job a caller waited on that ended without a result the skill can use: say so plainly. */
export function callerGaveUpOn(record: JobRecord, nowMs: number): boolean {
  if (record.answerBy === undefined) return false;
  if (record.status === 'pending') return nowMs > record.answerBy + jobAnswerGraceMs;
  return (
    record.status === 'failed' &&
    ['timeout', 'unavailable', 'rate-limited', 'circuit-open'].includes(record.error?.code ?? '')
  );
}

export type JobOutcome =
  | { readonly status: 'succeeded'; readonly result: unknown; readonly attempts: number }
  | { readonly status: 'failed'; readonly error: PartnerError; readonly attempts: number };

export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Keeps a record that exists already: an earlier try of the same submission wrote it. */
  createPending(
    job: Pick<
      JobMessage,
      'jobId' | 'partner' | 'operation' | 'correlationId' | 'createdAt' | 'answerBy'
    >,
  ): Promise<void>;
  complete(jobId: string, outcome: JobOutcome, nowMs: number): Promise<void>;
}

export interface JobSubmitter {
  /** Writes the pending record, then queues the work; both succeed or the call fails. */
  submit(job: JobMessage): Promise<void>;
}
