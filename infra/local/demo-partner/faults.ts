import * as z from 'zod';

export const faultSpecSchema = z
  .strictObject({
    target: z
      .string()
      .regex(/^[a-z]+(\.[A-Za-z]+)?$/, 'must be "<system>" or "<system>.<operation>"'),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    hang: z.boolean().optional(),
    status: z.number().int().min(100).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    body: z.enum(['malformed', 'invalid']).optional(),
    count: z.number().int().min(1).optional(),
  })
  .refine(
    (fault) =>
      fault.latencyMs !== undefined || fault.hang || fault.status !== undefined || fault.body,
    { message: 'a fault needs at least one of latencyMs, hang, status, body' },
  )
  .refine((fault) => fault.retryAfterSeconds === undefined || fault.status !== undefined, {
    message: 'retryAfterSeconds needs a status (e.g. 429 or 503)',
    path: ['retryAfterSeconds'],
  });

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface ActiveFault extends FaultSpec {
  readonly id: number;
  /** Calls this fault will still affect; null means every call until cleared. */
  remaining: number | null;
  applied: number;
}

function targetMatches(target: string, operation: string): boolean {
  return target === operation || operation.startsWith(`${target}.`);
}

/**
 * Faults are used in the order they were added, so a sequence such as "two 503s, then one
 * hang" can be scripted with successive POSTs, each limited by `count`.
 */
export class FaultBook {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = {
      ...spec,
      id: this.#nextId++,
      remaining: spec.count ?? null,
      applied: 0,
    };
    this.#faults.push(fault);
    return fault;
  }

  /** Claims the fault for one call, so a fault with `count: n` hits exactly n calls. */
  take(operation: string): FaultSpec | undefined {
    const fault = this.#faults.find((candidate) => targetMatches(candidate.target, operation));
    if (!fault) return undefined;
    fault.applied += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining === 0) this.#faults = this.#faults.filter((other) => other !== fault);
    }
    return fault;
  }

  list(): readonly ActiveFault[] {
    return this.#faults;
  }

  clear(target?: string): number {
    const before = this.#faults.length;
    this.#faults = target ? this.#faults.filter((fault) => fault.target !== target) : [];
    return before - this.#faults.length;
  }
}

/**
 * "Parseable JSON that violates the documented schema": every leaf changes type, so any
 * client-side schema for the real response fails while the JSON itself stays valid.
 */
export function breakSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [null] : value.map(breakSchema);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, breakSchema(inner)]),
    );
  }
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return false;
}

/** Cut mid-document, the way a proxy that drops a connection halfway leaves it. */
export function truncateJson(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}
