import type { Confirmation, Turn, TurnPhase } from '#shared/conversation/types.ts';
import { readYesNo } from '#shared/conversation/yes-no.ts';
import type { ParseMeta } from './adapter.ts';

/** Lex's own cap on user text; longer input is noise or abuse, never a real utterance. */
const maxTextLength = 1024;
export const maxSlotValueLength = 1024;
export const maxSlots = 50;
const maxNameLength = 100;

/** Cuts at `max` UTF-16 code units without splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/** Trimmed and capped; empty becomes absent so "no input" has one representation. */
export function cleanText(value: unknown, max = maxTextLength): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = cutAt(value.trim(), max * 2).trim();
  return text === '' ? undefined : cutAt(text, max);
}

/** Intent and slot names: short identifiers; `__proto__` would poison a plain-object map. */
export function cleanName(value: unknown): string | undefined {
  const name = cleanText(value, maxNameLength + 1);
  if (name === undefined || name.length > maxNameLength || name === '__proto__') return undefined;
  return name;
}

/** Session ids key stored state, so a missing or absurd one makes the request unusable. */
export function cleanSessionId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return id.length >= 1 && id.length <= 256 && !/[\u0000-\u001f\u007f]/.test(id) ? id : undefined;
}

/** Slot values arrive as strings, numbers or booleans depending on the channel. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return cleanText(value, maxSlotValueLength);
}

/** Lex's `Confirmed`/`Denied` and the yes/no a flow or chat client passes, in any language. */
export function parseConfirmation(value: unknown): Confirmation {
  if (typeof value === 'boolean') return value ? 'confirmed' : 'denied';
  return typeof value === 'string' ? readYesNo(value) : 'none';
}

export const utf8Bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** What an adapter read from its event; absent optional fields may be passed as `undefined`. */
export type TurnFields = Omit<
  Turn,
  'intent' | 'text' | 'phone' | 'correlationId' | 'receivedAt' | 'deadline' | 'sessionOwner'
> & {
  readonly intent: string | undefined;
  readonly text: string | undefined;
  readonly phone: string | undefined;
  readonly sessionOwner?: string | undefined;
};

/** The canonical turn: what the adapter read, timed and correlated by the handler's `meta`. */
export function buildTurn(fields: TurnFields, meta: ParseMeta): Turn {
  const { intent, text, phone, sessionOwner, ...rest } = fields;
  return {
    ...rest,
    ...(sessionOwner !== undefined && { sessionOwner }),
    ...(intent !== undefined && { intent }),
    ...(text !== undefined && { text }),
    ...(phone !== undefined && { phone }),
    correlationId: meta.correlationId,
    receivedAt: meta.receivedAt,
    deadline: meta.deadline,
  };
}

/** What a chat client or a Connect flow asks for: a turn, the news and finished jobs, or the end. */
export const turnActions = ['turn', 'poll', 'ended'] as const;
export type TurnAction = (typeof turnActions)[number];

export const phaseByAction: Readonly<Record<TurnAction, TurnPhase>> = {
  turn: 'fulfillment',
  poll: 'poll',
  ended: 'ended',
};

/** The phase an action asks for; `undefined` for anything that is not one. */
export function phaseOfAction(action: string): TurnPhase | undefined {
  const name = action.trim().toLowerCase();
  return Object.hasOwn(phaseByAction, name) ? phaseByAction[name as TurnAction] : undefined;
}
