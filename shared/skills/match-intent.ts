/**
 * Free text → skill, for channels without an NLU of their own (web chat, Connect without Lex):
 * a token-overlap score against the same sample utterances the Lex bot is built from.
 */
import type { Locale, Skill } from '#shared/conversation/types.ts';
import { findKnownCity } from './cities.ts';
import { findDate } from './parse-date.ts';
import { findTime } from './parse-time.ts';
import { foldText, parseOrderNumber, parsePin } from './text.ts';

export interface IntentMatch {
  readonly intent: string;
  readonly slots: Readonly<Record<string, string>>;
  /**
   * Every word the caller used (bar slot values and courtesies) belongs to the sample: "I want
   * to cancel my order" is close to "I want to pay for my order", but not clearly it.
   */
  readonly clear: boolean;
}

/** Below this F1 overlap a guess is worse than asking again. */
const minimumScore = 0.5;

/** Han characters are words of their own; other scripts split on anything but letters and digits. */
const tokenPattern = /\p{Script=Han}|\p{N}+|[^\P{L}\p{Script=Han}]+/gu;

const tokenize = (text: string): string[] => foldText(text).match(tokenPattern) ?? [];

/** The caller's own spelling of each word, for slot values ("Springfield", not "springfield"). */
const originalWords = (text: string): string[] => text.normalize('NFC').match(tokenPattern) ?? [];

const isDigits = (token: string): boolean => /^\p{N}+$/u.test(token);

/** Courtesies and small words that say nothing about what the caller wants. */
const courtesies = new Set(
  [
    ...['please', 'pls', 'thanks', 'thank', 'hi', 'hello', 'hey', 'can', 'could', 'would', 'you'],
    ...['a', 'an', 'the', 'for', 'at', 'on', 'in', 'to', 'me', 'my', 'i', 'like'],
    ...['na', 'w', 'o', 'do', 'mi', 'mnie', 'в', 'на', 'к', 'мне', 'меня', '的', '在', '了'],
    ...['proszę', 'poproszę', 'dziękuję', 'dzień', 'dobry', 'czy', 'możesz', 'może', 'cześć'],
    ...['пожалуйста', 'спасибо', 'здравствуйте', 'привет', 'можно', 'можете'],
    ...['请', '您', '你', '好', '麻', '烦', '吗', '呢', '吧', '啊', '谢'],
  ].map(foldText),
);

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

/** Equal, or the same stem in another grammatical form ("zamówienie"/"zamówienia", "магазина"). */
function similar(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  return shorter >= 4 && commonPrefixLength(a, b) >= Math.max(4, shorter - 2);
}

interface Utterance {
  readonly literals: readonly string[];
  /** Per slot, the literal tokens right before and after its placeholder. */
  readonly placeholders: ReadonlyMap<string, { before?: string; after?: string }>;
}

const placeholderPattern = /\{(\w+)\}/g;

function parseUtterance(sample: string): Utterance {
  const parts = sample.split(placeholderPattern);
  const literals: string[] = [];
  const placeholders = new Map<string, { before?: string; after?: string }>();
  parts.forEach((part, index) => {
    // `split` with a capture group alternates literal text and slot names.
    if (index % 2 === 0) {
      literals.push(...tokenize(part));
      return;
    }
    const before = tokenize(parts[index - 1] ?? '').at(-1);
    const after = tokenize(parts[index + 1] ?? '')[0];
    placeholders.set(part, { ...(before ? { before } : {}), ...(after ? { after } : {}) });
  });
  return { literals, placeholders };
}

/** Slot values with a recognisable shape, found anywhere in the text (already folded). */
export function typedValue(slot: string, folded: string): string | undefined {
  switch (slot) {
    case 'orderNumber':
      return (folded.match(/\d[\d\s-]*\d/g) ?? []).map(parseOrderNumber).find(Boolean);
    case 'pin':
      return (folded.match(/\d[\d\s-]*\d/g) ?? []).map(parsePin).find(Boolean);
    case 'city':
      return findKnownCity(folded);
    case 'date':
      return findDate(folded);
    case 'time':
      return findTime(folded);
    default:
      return undefined;
  }
}

/** Whatever stands where the placeholder stands, between its neighbouring literal words. */
function positionalValue(
  tokens: readonly string[],
  originals: readonly string[],
  around: { before?: string; after?: string },
): string | undefined {
  const start = around.before
    ? tokens.findIndex((token) => similar(token, around.before as string)) + 1
    : 0;
  if (around.before && start === 0) return undefined;
  const afterIndex = around.after
    ? tokens.findIndex((token, index) => index >= start && similar(token, around.after as string))
    : -1;
  // Without the word that closes it, the placeholder would swallow the rest of the request.
  if (around.after && afterIndex === -1) return undefined;
  // Folding keeps one token per word, so positions in `tokens` are positions in `originals`.
  const value = originals.slice(start, afterIndex === -1 ? undefined : afterIndex);
  if (value.length === 0) return undefined;
  return value.every((token) => /\p{Script=Han}/u.test(token)) ? value.join('') : value.join(' ');
}

function f1(literals: readonly string[], words: readonly string[]): number {
  if (literals.length === 0 || words.length === 0) return 0;
  const recall = literals.filter((literal) => words.some((word) => similar(word, literal))).length;
  const precision = words.filter((word) =>
    literals.some((literal) => similar(word, literal)),
  ).length;
  if (recall === 0 || precision === 0) return 0;
  const r = recall / literals.length;
  const p = precision / words.length;
  return (2 * p * r) / (p + r);
}

/** The caller's text, prepared once for every utterance it is compared with. */
interface Input {
  readonly tokens: readonly string[];
  readonly originals: readonly string[];
  typed(slot: string): string | undefined;
}

function prepare(text: string): Input {
  const folded = foldText(text);
  const typedValues = new Map<string, string | undefined>();
  return {
    tokens: tokenize(text),
    originals: originalWords(text),
    typed(slot) {
      if (!typedValues.has(slot)) typedValues.set(slot, typedValue(slot, folded));
      return typedValues.get(slot);
    },
  };
}

function scoreUtterance(
  utterance: Utterance,
  skillSlots: readonly string[],
  input: Input,
): { score: number; slots: Record<string, string>; clear: boolean } {
  const { tokens, originals } = input;
  const slots: Record<string, string> = {};
  const consumed = new Set<string>();
  // A slot the sample has no placeholder for is still taken when its value is unmistakable
  // ("book an appointment tomorrow at 10").
  const wanted = new Set([...utterance.placeholders.keys(), ...skillSlots]);
  for (const slot of wanted) {
    const around = utterance.placeholders.get(slot);
    const value =
      input.typed(slot) ??
      (around && originals.length === tokens.length
        ? positionalValue(tokens, originals, around)
        : undefined);
    if (value === undefined) continue;
    slots[slot] = value;
    for (const token of tokenize(value)) consumed.add(token);
  }
  // Words that became slot values, and bare numbers, say nothing about the intent.
  const words = tokens.filter((token) => !consumed.has(token) && !isDigits(token));
  const slotBonus = 0.01 * Object.keys(slots).length;
  const clear = words.every(
    (word) => courtesies.has(word) || utterance.literals.some((literal) => similar(word, literal)),
  );
  return { score: f1(utterance.literals, words) + slotBonus, slots, clear };
}

const parsedUtterances = new WeakMap<Skill, Partial<Record<Locale, readonly Utterance[]>>>();

function utterancesOf(skill: Skill, locale: Locale): readonly Utterance[] {
  const byLocale = parsedUtterances.get(skill) ?? {};
  const cached = byLocale[locale];
  if (cached) return cached;
  const parsed = skill.utterances[locale].map(parseUtterance);
  parsedUtterances.set(skill, { ...byLocale, [locale]: parsed });
  return parsed;
}

/** The best-matching skill and the slot values found in `text`, or `undefined` if none fits. */
export function matchIntent(
  text: string,
  locale: Locale,
  skills: Readonly<Record<string, Skill>>,
): IntentMatch | undefined {
  const input = prepare(text);
  let best: { score: number; match: IntentMatch } | undefined;
  for (const skill of Object.values(skills)) {
    for (const utterance of utterancesOf(skill, locale)) {
      const { score, slots, clear } = scoreUtterance(utterance, skill.slots, input);
      if (score >= minimumScore && (!best || score > best.score)) {
        best = { score, match: { intent: skill.name, slots, clear } };
      }
    }
  }
  return best?.match;
}
