import type { Locale, Speech } from '#shared/conversation/types.ts';
import { cutAt } from './common.ts';

const xmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => xmlEntities[character] ?? character);

export const speakDocument = (text: string): string => `<speak>${escapeXml(text)}</speak>`;

const speakElement = /^\s*<speak(\s[^>]*)?>([\s\S]*)<\/speak>\s*$/;

export const isSpeakDocument = (ssml: string): boolean => speakElement.test(ssml);

/**
 * One `<speak>` document out of several, for channels that take a single SSML string; a speech
 * whose SSML is not a `<speak>` document is said from its text.
 */
export function joinSsml(speeches: readonly Speech[]): string {
  const bodies = speeches.map(
    ({ text, ssml }) => speakElement.exec(ssml)?.[2]?.trim() ?? escapeXml(text.trim()),
  );
  return `<speak>${bodies.filter((body) => body !== '').join(' ')}</speak>`;
}

/**
 * Shortens to at most `max` code units, at a word boundary when one is near, and marks the cut
 * with an ellipsis so a reader sees that something was left out.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return cutAt(text, max);
  const head = cutAt(text, max - 1);
  const lastSpace = head.lastIndexOf(' ');
  const atWord = lastSpace >= head.length * 0.8 ? head.slice(0, lastSpace) : head;
  return `${atWord.trimEnd()}…`;
}

type BuiltInPhrase = 'apology' | 'askIntent' | 'askConfirmation';

/**
 * The few things an adapter must be able to say on its own: when the request is too broken for
 * the engine, or when a channel demands a prompt the reply did not carry. Everything else comes
 * from the i18n catalog through the engine.
 */
const builtInPhrases: Readonly<Record<BuiltInPhrase, Readonly<Record<Locale, string>>>> = {
  apology: {
    'en-US': 'Sorry, something went wrong on our side. Please try again in a moment.',
    'pl-PL': 'Przepraszamy, coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę.',
    'ru-RU': 'Извините, у нас что-то пошло не так. Пожалуйста, попробуйте ещё раз чуть позже.',
    'zh-CN': '抱歉，我们这边出了点问题。请稍后再试。',
  },
  askIntent: {
    'en-US': 'How can I help you?',
    'pl-PL': 'W czym mogę pomóc?',
    'ru-RU': 'Чем я могу помочь?',
    'zh-CN': '请问有什么可以帮您？',
  },
  askConfirmation: {
    'en-US': 'Shall I go ahead?',
    'pl-PL': 'Czy mam kontynuować?',
    'ru-RU': 'Продолжить?',
    'zh-CN': '要继续吗？',
  },
};

export function builtInSpeech(phrase: BuiltInPhrase, locale: Locale): Speech {
  const text = builtInPhrases[phrase][locale];
  return { text, ssml: speakDocument(text) };
}
