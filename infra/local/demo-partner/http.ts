import type { IncomingHttpHeaders } from 'node:http';
import * as z from 'zod';

/** A request as every route sees it: the raw bytes are kept because signatures are computed over them. */
export interface PartnerRequest {
  readonly method: string;
  readonly path: string;
  /** Path and query exactly as the client sent them (what a request signature covers). */
  readonly target: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  readonly params: Readonly<Record<string, string>>;
}

export interface PartnerResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): PartnerResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  extra?: { headers?: Record<string, string>; details?: unknown },
): PartnerResponse {
  const error: Record<string, unknown> = { code, message };
  if (extra?.details !== undefined) error.details = extra.details;
  return { status, body: { error }, ...(extra?.headers ? { headers: extra.headers } : {}) };
}

export function headerValue(
  req: Pick<PartnerRequest, 'headers'>,
  name: string,
): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function firstIssueText(issues: readonly z.core.$ZodIssue[]): string {
  const [first] = describeIssues(issues);
  if (!first) return 'invalid input';
  return first.path ? `${first.path}: ${first.message}` : first.message;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; response: PartnerResponse };

/** Unparseable JSON is a 400; JSON that breaks the documented schema is a 422. */
export function parseJsonBody<T>(req: PartnerRequest, schema: z.ZodType<T>): Checked<T> {
  let raw: unknown;
  try {
    raw = req.rawBody.length === 0 ? undefined : JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return {
      ok: false,
      response: errorResponse(400, 'invalid_json', 'The request body is not valid JSON.'),
    };
  }
  if (raw === undefined) {
    return {
      ok: false,
      response: errorResponse(400, 'missing_body', 'A JSON request body is required.'),
    };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    return {
      ok: false,
      response: errorResponse(422, 'validation_failed', firstIssueText(result.error.issues), {
        details: describeIssues(result.error.issues),
      }),
    };
  }
  return { ok: true, value: result.data };
}

/** Query parameters are part of the URL, so a bad one is a 400 rather than a 422. */
export function parseQuery<T>(req: PartnerRequest, schema: z.ZodType<T>): Checked<T> {
  const result = schema.safeParse(Object.fromEntries(req.query));
  if (!result.success) {
    return {
      ok: false,
      response: errorResponse(400, 'invalid_query', firstIssueText(result.error.issues), {
        details: describeIssues(result.error.issues),
      }),
    };
  }
  return { ok: true, value: result.data };
}

export function notFound<T>(value: T | undefined, code: string, message: string): Checked<T> {
  return value === undefined
    ? { ok: false, response: errorResponse(404, code, message) }
    : { ok: true, value };
}

/** E.164, the format every system here stores phone numbers in. */
export const phoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +48500100200');

/**
 * URLSearchParams turns an unencoded `+` into a space; real APIs differ on this, and being
 * lenient keeps curl examples working while `%2B` stays the correct spelling.
 */
export const phoneQueryValue = z.preprocess(
  (value) => (typeof value === 'string' ? value.replace(/^ (?=\d)/, '+') : value),
  phoneNumber,
);
