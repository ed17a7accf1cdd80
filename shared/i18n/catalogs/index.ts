import type { Locale } from '#shared/conversation/types.ts';
import type { Template } from '../message.ts';
import { enUS, type MessageKey, type NewsKind } from './en-US.ts';
import { plPL } from './pl-PL.ts';
import { ruRU } from './ru-RU.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey, NewsKind };

export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageKey, Template>>>> = {
  'en-US': enUS,
  'pl-PL': plPL,
  'ru-RU': ruRU,
  'zh-CN': zhCN,
};
