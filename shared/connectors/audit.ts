/**
 * One structured line per partner call. Inputs and response bodies are never logged; the only
 * free text (error messages from partners) goes through `redact`, because partners echo what
 * they were sent ("phone must be E.164 such as +48500100200").
 */
import type { BreakerStateName } from './circuit-breaker.ts';
import type { PartnerErrorCode } from './types.ts';

export interface AuditLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface PartnerCallAudit {
  readonly partner: string;
  readonly operation: string;
  readonly status: 'ok' | 'pending' | 'failed';
  readonly errorCode?: PartnerErrorCode;
  readonly httpStatus?: number;
  readonly latencyMs: number;
  readonly attempts: number;
  readonly breakerState: BreakerStateName;
  readonly cacheHit: boolean;
  readonly correlationId: string;
  readonly jobId?: string;
  /** Not `message`: Powertools Logger reserves that key and would drop it. */
  readonly errorMessage?: string;
}

export function auditPartnerCall(log: AuditLog, entry: PartnerCallAudit): void {
  const line = {
    audit: 'partner-call',
    ...entry,
    errorMessage: entry.errorMessage && redact(entry.errorMessage),
  };
  if (entry.status === 'failed') log.warn('partner call', line);
  else log.info('partner call', line);
}

/**
 * `+48500100200` → `+48*****200`: the country code and last three digits stay for support; the
 * fixed run of stars hides the length too.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  if (digits.length < 7) return '*****';
  const lead = phone.startsWith('+') ? `+${digits.slice(0, 2)}` : digits.slice(0, 2);
  return `${lead}*****${digits.slice(-3)}`;
}

/**
 * Masks what must never reach a log in free text: bearer/basic credentials, card-length digit
 * runs, phone numbers, and short digit runs after the word PIN.
 */
export function redact(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(
      /\b\d(?:[ -]?\d){12,18}\b/g,
      (match) => `[card ****${match.replace(/\D/g, '').slice(-4)}]`,
    )
    .replace(/\+?\d[\d -]{6,}\d/g, (match) => maskPhone(match))
    .replace(/\b(pin\W{0,3})\d{3,8}\b/gi, '$1****');
}
