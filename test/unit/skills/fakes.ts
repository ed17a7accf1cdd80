import type { PartnerErrorCode, PartnerResult } from '#shared/connectors/types.ts';
import type {
  CustomerRecord,
  Locale,
  PartnerCaller,
  SideEffectQuota,
  SkillContext,
  SkillMemory,
  Turn,
} from '#shared/conversation/types.ts';

/** 2025-06-10 10:00 in Warsaw (a Tuesday). */
export const now = Date.parse('2025-06-10T08:00:00Z');

export interface PartnerCall {
  readonly partner: string;
  readonly operation: string;
  readonly input: unknown;
}

type Answer = (input: unknown) => PartnerResult<unknown>;

export const ok = (value: unknown): PartnerResult<unknown> => ({
  kind: 'ok',
  value,
  cacheHit: false,
});
export const pending = (jobId: string): PartnerResult<unknown> => ({ kind: 'pending', jobId });
export const failed = (code: PartnerErrorCode): PartnerResult<unknown> => ({
  kind: 'failed',
  error: { code, message: `fake ${code}` },
});

/** A partner stand-in answering `partner.operation` from a table, recording every call. */
export function fakePartners(answers: Readonly<Record<string, Answer>>): {
  callPartner: PartnerCaller;
  calls: PartnerCall[];
} {
  const calls: PartnerCall[] = [];
  const callPartner = (async (partner: string, operation: string, input: unknown) => {
    calls.push({ partner, operation, input });
    const answer = answers[`${partner}.${operation}`];
    return answer ? answer(input) : failed('misconfigured');
  }) as PartnerCaller;
  return { callPartner, calls };
}

export interface ContextOptions {
  readonly locale?: Locale;
  readonly phase?: Turn['phase'];
  readonly slots?: Readonly<Record<string, string>>;
  readonly confirmation?: Turn['confirmation'];
  readonly phone?: string | null;
  readonly customer?: CustomerRecord;
  readonly memory?: SkillMemory;
  readonly intentsHandled?: readonly string[];
  readonly callPartner?: PartnerCaller;
  readonly timeZone?: string;
  readonly quota?: SideEffectQuota;
}

const unlimited: SideEffectQuota = { take: async () => 'granted' };

export function skillContext(options: ContextOptions = {}): SkillContext {
  const phone = options.phone === null ? undefined : (options.phone ?? '+48500100200');
  const slots = options.slots ?? {};
  const turn: Turn = {
    channel: 'lex',
    sessionId: 'session-1',
    locale: options.locale ?? 'en-US',
    inputMode: 'voice',
    phase: options.phase ?? 'fulfillment',
    slots,
    confirmation: options.confirmation ?? 'none',
    ...(phone ? { phone } : {}),
    identity: phone ? 'verified' : 'anonymous',
    correlationId: 'corr-1',
    receivedAt: now,
    deadline: { at: now + 3000 },
  };
  return {
    turn,
    slots,
    identity: turn.identity,
    ...(phone ? { quota: options.quota ?? unlimited } : {}),
    memory: options.memory ?? {},
    conversation: { startedAt: now - 120_000, intentsHandled: options.intentsHandled ?? [] },
    now,
    timeZone: options.timeZone ?? 'Europe/Warsaw',
    ...(options.customer ? { customer: options.customer } : {}),
    ...(options.callPartner ? { callPartner: options.callPartner } : {}),
  };
}
