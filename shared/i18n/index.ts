/** The localized message catalog: locale normalisation and rendering of `MessageRef`s. */
export type { MessageKey, NewsKind } from './catalogs/index.ts';
export { normalizeLocale } from './locale.ts';
export {
  hasMessage,
  joinSpeech,
  type RenderOptions,
  render,
  renderMessages,
} from './render.ts';
