/**
 * A free-text answer to a question the bot asked: "10001" after "What's your order number?",
 * "Kraków" after "Which city?". The value is read the way the skill's own slot would be.
 */
import { typedValue } from './match-intent.ts';
import { foldText } from './text.ts';

export interface SlotAnswer {
  readonly value: string;
  /** It has the slot's own shape, so it is an answer whatever else the words might mean. */
  readonly shaped: boolean;
}

/** Longer answers to "Which city?" are more likely a new request than a place name. */
const maxPlainWords = 3;

/**
 * The slot's value in `text`: its recognisable shape where the slot has one (an order number,
 * a PIN, a known city, a day, a clock time), else a short plain answer as said, for the skill to
 * check and ask again if it must. `undefined`: the text does not answer the question.
 */
export function readSlot(slot: string, text: string): SlotAnswer | undefined {
  const found = typedValue(slot, foldText(text));
  if (found !== undefined) return { value: found, shaped: true };
  const plain = text
    .replace(/[.!?。！？]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return undefined;
  return plain.split(' ').length <= maxPlainWords ? { value: plain, shaped: false } : undefined;
}
