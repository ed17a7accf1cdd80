import { platformMarginMs } from '#shared/conversation/deadline.ts';
import type { ChannelName } from '#shared/conversation/types.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Dialogflow CX's default webhook timeout; the agent may configure up to 30 s. */
const defaultDialogflowCxTimeoutMs = 5000;

/** Below this a budget cannot fit even a cached partner call; a typo must not make every turn pend. */
const minimumBudgetMs = 250;

interface BudgetRule {
  readonly variable: string;
  readonly defaultMs: number;
  /** The platform's own limit for a synchronous answer. */
  readonly platformLimitMs: number;
}

const rules: Readonly<Record<Exclude<ChannelName, 'dialogflow-cx'>, BudgetRule>> = {
  lex: { variable: 'LEX_BUDGET_MS', defaultMs: 3000, platformLimitMs: 30_000 },
  connect: { variable: 'CONNECT_BUDGET_MS', defaultMs: 3000, platformLimitMs: 8000 },
  // API Gateway's integration timeout, in front of the chat route.
  chat: { variable: 'CHAT_BUDGET_MS', defaultMs: 3000, platformLimitMs: 29_000 },
};

function readMs(environment: Environment, variable: string): number | undefined {
  const raw = environment[variable]?.trim();
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  return Number(raw);
}

const clamp = (value: number, low: number, high: number): number =>
  Math.min(high, Math.max(low, value));

/**
 * How long a turn of this channel may take before it must answer (then a slow partner call goes
 * to the jobs queue). Unparseable overrides fall back to the default; out-of-range ones are
 * clamped so the reply still leaves before the platform's limit.
 */
export function channelBudgetMs(channel: ChannelName, environment: Environment): number {
  if (channel === 'dialogflow-cx') {
    const timeoutMs = clamp(
      readMs(environment, 'DIALOGFLOW_CX_TIMEOUT_MS') ?? defaultDialogflowCxTimeoutMs,
      minimumBudgetMs + 1000,
      30_000,
    );
    return timeoutMs - 1000;
  }
  const rule = rules[channel];
  return clamp(
    readMs(environment, rule.variable) ?? rule.defaultMs,
    minimumBudgetMs,
    rule.platformLimitMs - platformMarginMs,
  );
}

export function channelBudgets(environment: Environment): Readonly<Record<ChannelName, number>> {
  return {
    lex: channelBudgetMs('lex', environment),
    connect: channelBudgetMs('connect', environment),
    'dialogflow-cx': channelBudgetMs('dialogflow-cx', environment),
    chat: channelBudgetMs('chat', environment),
  };
}
