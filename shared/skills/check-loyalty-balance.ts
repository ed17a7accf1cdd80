import type { Skill, SkillContext, SkillResult } from '#shared/conversation/types.ts';
import { partnerUnavailable, say } from './support.ts';

const name = 'CheckLoyaltyBalance';

async function findCustomerId(
  context: SkillContext,
  phone: string,
): Promise<{ customerId: string } | SkillResult> {
  if (context.customer?.crmId) return { customerId: context.customer.crmId };
  const callPartner = context.callPartner;
  if (!callPartner) return partnerUnavailable();
  const found = await callPartner('crm', 'findCustomerByPhone', { phone });
  if (found.kind === 'ok') return { customerId: found.value.id };
  if (found.kind === 'failed' && found.error.code === 'not-found') {
    return { outcome: 'failed', messages: [say('loyalty.unknownCaller')] };
  }
  return partnerUnavailable(found.kind === 'failed' ? found.error : undefined);
}

/**
 * The balance of the verified caller. The identity policy has checked the PIN, code or token
 * before `run` is reached; this skill only looks the customer up and reads the points.
 */
export const checkLoyaltyBalance: Skill = {
  name,
  audience: 'verified-customer',
  utterances: {
    'en-US': [
      'how many points do I have',
      'check my loyalty points',
      'what is my loyalty balance',
      'my points balance',
      'loyalty points',
      'my pin is {pin}',
    ],
    'pl-PL': [
      'ile mam punktów',
      'sprawdź moje punkty lojalnościowe',
      'jakie jest moje saldo punktów',
      'stan konta w programie lojalnościowym',
      'punkty lojalnościowe',
      'mój pin to {pin}',
    ],
    'ru-RU': [
      'сколько у меня баллов',
      'проверить мои бонусные баллы',
      'какой у меня баланс баллов',
      'бонусный счёт',
      'баллы программы лояльности',
      'мой пин-код {pin}',
    ],
    'zh-CN': ['我有多少积分', '查询我的会员积分', '我的积分余额', '会员积分', '我的PIN码是{pin}'],
  },
  slots: ['pin'],
  // A PIN attempt, counted towards the lockout; the PIN is asked for first.
  sideEffect: {},

  validate: () => ({ outcome: 'delegate', messages: [] }),

  async run(context) {
    const phone = context.turn.phone;
    if (phone === undefined) return { outcome: 'failed', messages: [say('loyalty.noPhone')] };
    const identified = await findCustomerId(context, phone);
    if ('outcome' in identified) return identified;
    const { customerId } = identified;
    const loyalty = await context.callPartner?.('crm', 'getLoyalty', { customerId });
    const known = { customer: { crmId: customerId }, slots: {} };
    if (loyalty?.kind !== 'ok') return { ...partnerUnavailable(), ...known };
    return {
      outcome: 'fulfilled',
      messages: [say('loyalty.balance', { points: loyalty.value.points })],
      ...known,
    };
  },
};
