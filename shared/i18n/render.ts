import type { InputMode, Locale, MessageRef, Speech } from '#shared/conversation/types.ts';
import { catalogs, type MessageKey } from './catalogs/index.ts';
import { defaultBusinessTimeZone } from './dates.ts';
import { fallbackLocale } from './locale.ts';
import { type Fragment, messageTools, plain } from './message.ts';

export interface RenderOptions {
  /** Epoch ms the caller's "today" is measured from. */
  readonly now: number;
  /** Business time zone for day words and clock times; defaults to Europe/Warsaw. */
  readonly timeZone?: string;
  /** How the user talks to us; `text` picks the typed wording ("Thanks for chatting"). */
  readonly inputMode?: InputMode;
}

const apologyKey = 'common.apology';
/** Said only if even the catalog's own apology cannot be rendered. */
const lastResort = plain('Sorry, something went wrong. Please try again later.');

function tryRender(locale: Locale, ref: MessageRef, options: RenderOptions): Fragment | undefined {
  const catalog = catalogs[locale];
  const template = Object.hasOwn(catalog, ref.key) ? catalog[ref.key] : undefined;
  if (!template) return undefined;
  try {
    return template(
      messageTools({
        locale,
        params: ref.params ?? {},
        now: options.now,
        timeZone: options.timeZone ?? defaultBusinessTimeZone,
        ...(options.inputMode && { inputMode: options.inputMode }),
      }),
    );
  } catch {
    // A missing or malformed parameter (or an unknown currency or zone) must not cost the
    // caller an answer: the next fallback is tried instead.
    return undefined;
  }
}

const toSpeech = (fragment: Fragment): Speech => ({
  text: fragment.text,
  ssml: `<speak>${fragment.ssml}</speak>`,
});

/** Never throws: the message in `locale`, else in English, else a generic apology. */
export function render(locale: Locale, ref: MessageRef, options: RenderOptions): Speech {
  const fragment =
    tryRender(locale, ref, options) ??
    tryRender(fallbackLocale, ref, options) ??
    tryRender(locale, { key: apologyKey }, options) ??
    lastResort;
  return toSpeech(fragment);
}

export function renderMessages(
  locale: Locale,
  refs: readonly MessageRef[],
  options: RenderOptions,
): Speech[] {
  return refs.map((ref) => render(locale, ref, options));
}

/** Whether `key` has wording (e.g. to skip news of a kind this build cannot say). */
export const hasMessage = (key: string): key is MessageKey =>
  Object.hasOwn(catalogs[fallbackLocale], key);

/** One utterance from several, for channels that take a single prompt (Connect). */
export function joinSpeech(speeches: readonly Speech[]): Speech {
  const body = (ssml: string): string => ssml.replace(/^<speak>/, '').replace(/<\/speak>$/, '');
  return {
    text: speeches.map((speech) => speech.text).join(' '),
    ssml: `<speak>${speeches.map((speech) => body(speech.ssml)).join(' ')}</speak>`,
  };
}
