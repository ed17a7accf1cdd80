import type { ConnectorDefinition } from './types.ts';

type Registry = Readonly<Record<string, ConnectorDefinition>>;

/**
 * `PARTNER_TIMEOUT_SCALE`: a factor for every operation's per-attempt timeouts, for machines
 * slower than Lambda (a shared 2-core test runner). Unset means 1. The turn's deadline still
 * bounds every attempt, so a larger factor never makes a caller wait past the channel's budget.
 */
export function partnerTimeoutScale(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.PARTNER_TIMEOUT_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale < 1) {
    throw new Error(`PARTNER_TIMEOUT_SCALE must be a number of at least 1, not "${raw}"`);
  }
  return scale;
}

/** The registry with every operation's `timeoutMs` and `jobTimeoutMs` multiplied by `scale`. */
export function withScaledTimeouts(partners: Registry, scale: number): Registry {
  if (scale === 1) return partners;
  return Object.fromEntries(
    Object.entries(partners).map(([name, partner]) => [
      name,
      {
        ...partner,
        operations: Object.fromEntries(
          Object.entries(partner.operations).map(([operationName, operation]) => [
            operationName,
            {
              ...operation,
              timeoutMs: Math.round(operation.timeoutMs * scale),
              ...(operation.jobTimeoutMs !== undefined && {
                jobTimeoutMs: Math.round(operation.jobTimeoutMs * scale),
              }),
            },
          ]),
        ),
      },
    ]),
  );
}
