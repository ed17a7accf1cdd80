import type { Skill, SkillContext, SkillResult } from '#shared/conversation/types.ts';
import { elicit, partnerUnavailable, say } from './support.ts';
import { parsePin } from './text.ts';

const name = 'CheckLoyaltyBalance';
const maxPinFailures = 3;
export const pinLockMs = 15 * 60 * 1000;

/** Memory holds who was verified in this session, never the PIN. */
const verifiedCustomerId = (context: SkillContext): string | undefined =>
  typeof context.memory.verifiedCustomerId === 'string'
    ? context.memory.verifiedCustomerId
    : undefined;

const isLocked = (context: SkillContext): boolean =>
  (context.customer?.lockedUntil ?? 0) > context.now;

const handOffLocked: SkillResult = { outcome: 'handoff', messages: [say('loyalty.locked')] };

/** Lex slot checks only: the PIN's shape, never its value, is judged here. */
function checkPinSlot(context: SkillContext): SkillResult | { pin: string } {
  const raw = context.slots.pin;
  if (raw === undefined) return elicit('pin', say('loyalty.askPin'));
  const pin = parsePin(raw);
  return pin === undefined ? elicit('pin', say('loyalty.pinFormat')) : { pin };
}

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

async function speakBalance(
  context: SkillContext,
  customerId: string,
  extra: Pick<SkillResult, 'memory' | 'customer'>,
): Promise<SkillResult> {
  const loyalty = await context.callPartner?.('crm', 'getLoyalty', { customerId });
  if (loyalty?.kind !== 'ok') return { ...partnerUnavailable(), ...extra, slots: {} };
  return {
    outcome: 'fulfilled',
    messages: [say('loyalty.balance', { points: loyalty.value.points })],
    slots: {},
    ...extra,
  };
}

export const checkLoyaltyBalance: Skill = {
  name,
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

  validate(context) {
    if (isLocked(context)) return handOffLocked;
    if (verifiedCustomerId(context) !== undefined) {
      return { outcome: 'delegate', messages: [] };
    }
    const checked = checkPinSlot(context);
    return 'outcome' in checked ? checked : { outcome: 'delegate', messages: [] };
  },

  async run(context) {
    const phone = context.turn.phone;
    if (phone === undefined) return { outcome: 'failed', messages: [say('loyalty.noPhone')] };
    if (isLocked(context)) return handOffLocked;

    const verified = verifiedCustomerId(context);
    if (verified !== undefined) return speakBalance(context, verified, {});

    const identified = await findCustomerId(context, phone);
    if ('outcome' in identified) return identified;
    const { customerId } = identified;
    const known = { customer: { crmId: customerId } };

    const checked = checkPinSlot(context);
    if ('outcome' in checked) return { ...checked, ...known };

    const check = await context.callPartner?.('crm', 'verifyPin', {
      customerId,
      pin: checked.pin,
    });
    if (check?.kind === 'failed' && check.error.code === 'bad-request') {
      return { ...elicit('pin', say('loyalty.pinFormat'), {}), ...known };
    }
    // An unanswered check is not a wrong PIN: it must not count towards the lockout.
    if (check?.kind !== 'ok') return { ...partnerUnavailable(), ...known, slots: {} };

    if (!check.value.verified) {
      const failures = (context.customer?.pinFailures ?? 0) + 1;
      if (failures >= maxPinFailures) {
        return {
          outcome: 'handoff',
          messages: [say('loyalty.lockedNow')],
          slots: {},
          customer: { crmId: customerId, pinFailures: 0, lockedUntil: context.now + pinLockMs },
        };
      }
      return {
        ...elicit('pin', say('loyalty.wrongPin', { attemptsLeft: maxPinFailures - failures }), {}),
        customer: { crmId: customerId, pinFailures: failures },
      };
    }

    return speakBalance(context, customerId, {
      memory: { verifiedCustomerId: customerId, verifiedAt: context.now },
      customer: { crmId: customerId, pinFailures: 0 },
    });
  },
};
