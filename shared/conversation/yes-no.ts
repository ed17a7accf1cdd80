/**
 * Yes or no as people answer a question, in the four languages, with the courtesies and
 * punctuation around it: "yes please", "sure", "ok", "Да.", "是的。", "Tak, poproszę".
 */
import type { Confirmation } from './types.ts';

const yes = new Set([
  ...['yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'confirmed', 'correct', 'true'],
  ...['right', 'fine', 'absolutely', 'certainly', 'definitely', 'go', 'ahead', 'do', 'it', 'of'],
  ...['course', 'please', 'tak', 'jasne', 'oczywiście', 'dobrze', 'pewnie', 'zgoda', 'poproszę'],
  ...['proszę', 'да', 'конечно', 'хорошо', 'давайте', 'ага', 'угу', 'верно', 'подтверждаю'],
  ...['是', '是的', '好', '好的', '可以', '对', '对的', '行', '嗯', '确认', '没问题', '请'],
]);

const no = new Set([
  ...['no', 'n', 'nope', 'nah', 'denied', 'false', 'cancel', "don't", 'not', 'nie', 'нет'],
  ...['не', 'не надо', 'не нужно', 'отмена', '不', '不是', '不用', '不要', '否', '算了', '取消'],
]);

/** Said around an answer without changing it. */
const courtesies = new Set([
  ...['thanks', 'thank', 'you', 'very', 'much', 'dziękuję', 'dzięki', 'bardzo', 'спасибо'],
  ...['пожалуйста', '谢谢', '谢谢你', '谢谢您', '了', '吧', '呀', '啊'],
]);

/** Words, or for Chinese the phrases between punctuation marks. */
const phrases = (text: string): string[] =>
  text
    .toLowerCase()
    .normalize('NFC')
    .split(/[\s.,!?;:…"“”„«»()。，！？；：、]+/u)
    .filter((word) => word !== '' && !courtesies.has(word));

/**
 * `confirmed` or `denied` only when the whole answer is one or the other; anything more ("yes,
 * but on Friday") is `none`, so the question is asked again rather than guessed.
 */
export function readYesNo(text: string): Confirmation {
  const words = phrases(text);
  if (words.length === 0) return 'none';
  if (words.every((word) => yes.has(word))) return 'confirmed';
  const [first] = words;
  if (first !== undefined && (no.has(first) || /^(?:不|没)/u.test(first))) {
    return words.some((word) => yes.has(word) && word !== 'please' && word !== 'proszę')
      ? 'none'
      : 'denied';
  }
  return 'none';
}
