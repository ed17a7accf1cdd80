/** What a turn's log lines carry: never the phone, text, slots or anything the caller said. */
import type { Turn } from './types.ts';

export function logFields(turn: Turn): Record<string, unknown> {
  return {
    correlationId: turn.correlationId,
    channel: turn.channel,
    phase: turn.phase,
    ...(turn.intent !== undefined && { intent: turn.intent }),
  };
}

export const errorName = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error;
