/** Small pieces every skill shares, so each skill file reads as its conversation. */

import type { PartnerError } from '#shared/connectors/types.ts';
import type { MessageRef, SkillResult } from '#shared/conversation/types.ts';
import type { MessageKey } from '#shared/i18n/index.ts';

export const say = (key: MessageKey, params?: MessageRef['params']): MessageRef =>
  params ? { key, params } : { key };

export const elicit = (
  slot: string,
  message: MessageRef,
  slots?: Readonly<Record<string, string>>,
): SkillResult => ({
  outcome: 'elicit',
  slotToElicit: slot,
  messages: [message],
  ...(slots ? { slots } : {}),
});

/** A partner that failed gets the same localized answer everywhere: never a crash, never silence. */
export const partnerUnavailable = (error?: PartnerError): SkillResult => ({
  outcome: 'failed',
  messages: [say(error?.code === 'misconfigured' ? 'common.apology' : 'common.partnerUnavailable')],
});

/** Only the last two digits are ever said or logged, enough for a caller to recognise it. */
export const phoneEnding = (phone: string): string => phone.replace(/\D/g, '').slice(-2);
