import { SwitchboardError } from '#shared/errors.ts';
import { redact } from './audit.ts';
import type { PartnerError, PartnerErrorCode } from './types.ts';

/** Thrown inside the connector and turned into a `failed` result at its edge, never further. */
export class PartnerCallError extends SwitchboardError {
  override readonly name = 'PartnerCallError';
  readonly code: PartnerErrorCode;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: PartnerErrorCode,
    message: string,
    details: { httpStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.code = code;
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
  }

  toPartnerError(): PartnerError {
    return {
      code: this.code,
      message: redact(this.message),
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
      ...(this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }),
    };
  }
}

/** HTTP status → typed code; 401/403 are `auth` only after the one credential refresh. */
export function codeForStatus(status: number): PartnerErrorCode {
  // Redirects are never followed (credentials must not reach another origin): a partner that
  // answers with one needs its base URL corrected.
  if (status >= 300 && status < 400) return 'misconfigured';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'unavailable';
  return 'bad-request';
}
