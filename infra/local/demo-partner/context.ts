import type { PartnerCredentials, SystemName } from './credentials.ts';
import { FaultBook } from './faults.ts';
import type { PartnerResponse } from './http.ts';
import type { PartnerData } from './model.ts';
import { seedData } from './seed.ts';

export interface ReceivedWebhook {
  system: SystemName;
  id: string | null;
  type: string | null;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, otherwise the raw text. */
  body: unknown;
  verified: boolean;
  /** Why verification failed; absent when verified. */
  reason?: string;
  /** True when an earlier delivery carried the same webhook-id. */
  duplicate: boolean;
  receivedAt: string;
}

export interface PartnerSettings {
  crmTokenTtlSeconds: number;
  bookingDelayMs: number;
}

/** Everything that `POST /_control/reset` puts back, plus what survives it (tokens). */
export class PartnerState {
  data: PartnerData;
  calls = new Map<string, number>();
  faults = new FaultBook();
  received: ReceivedWebhook[] = [];
  /** In-flight and finished bookings by Idempotency-Key. */
  bookingsByIdempotencyKey = new Map<
    string,
    { fingerprint: string; outcome: Promise<PartnerResponse> }
  >();
  /**
   * Issued CRM access tokens → expiry (epoch ms). Kept across reset on purpose: a reset between
   * tests must not invalidate a token Switchboard has cached, just as a real CRM would not.
   */
  crmTokens = new Map<string, number>();

  constructor(now: Date) {
    this.data = seedData(now);
  }

  reset(now: Date): void {
    this.data = seedData(now);
    this.calls.clear();
    this.faults = new FaultBook();
    this.received = [];
    this.bookingsByIdempotencyKey.clear();
  }

  countCall(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }
}

export interface PartnerContext {
  readonly credentials: PartnerCredentials;
  readonly state: PartnerState;
  /** Mutable through `PATCH /_control/settings`; reset restores `initialSettings`. */
  readonly settings: PartnerSettings;
  readonly initialSettings: Readonly<PartnerSettings>;
  readonly switchboardUrl: string;
  /** Aborted when the server stops, so delays and outgoing deliveries end with it. */
  readonly signal: AbortSignal;
  now(): Date;
}
