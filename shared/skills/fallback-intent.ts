import { fallbackIntentName, type Skill, type SkillResult } from '#shared/conversation/types.ts';
import { say } from './support.ts';

const didNotUnderstand: SkillResult = {
  outcome: 'elicit',
  messages: [say('fallback.didNotUnderstand')],
};

/** Says what the bot can do; never matched from utterances (Lex raises it by itself). */
export const fallbackIntent: Skill = {
  name: fallbackIntentName,
  audience: 'anyone',
  utterances: { 'en-US': [], 'pl-PL': [], 'ru-RU': [], 'zh-CN': [] },
  slots: [],
  validate: () => didNotUnderstand,
  run: async () => didNotUnderstand,
};
