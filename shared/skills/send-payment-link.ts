import type { Skill } from '#shared/conversation/types.ts';
import { render } from '#shared/i18n/render.ts';
import { partnerUnavailable, phoneEnding, say } from './support.ts';

/** Texts a link to pay the caller's newest order that awaits payment; verified callers only. */
export const sendPaymentLink: Skill = {
  name: 'SendPaymentLink',
  audience: 'verified-customer',
  utterances: {
    'en-US': [
      'send me a payment link',
      'I want to pay for my order',
      'text me the link to pay',
      'how can I pay',
    ],
    'pl-PL': [
      'wyślij mi link do płatności',
      'chcę zapłacić za zamówienie',
      'wyślij SMS z linkiem do zapłaty',
      'jak mogę zapłacić',
    ],
    'ru-RU': [
      'пришлите ссылку на оплату',
      'хочу оплатить заказ',
      'отправьте смс со ссылкой для оплаты',
      'как мне оплатить',
    ],
    'zh-CN': ['给我发付款链接', '我想支付订单', '短信发送付款链接', '我怎么付款'],
  },
  slots: [],
  // A text to the caller's phone.
  sideEffect: { confirmFirst: 'routing.confirmPaymentLink' },

  validate: () => ({ outcome: 'delegate', messages: [] }),

  async run(context) {
    const phone = context.turn.phone;
    if (phone === undefined) return { outcome: 'failed', messages: [say('payment.needPhone')] };
    const callPartner = context.callPartner;
    if (!callPartner) return partnerUnavailable();

    const orders = await callPartner('shop', 'listOrders', {
      customerPhone: phone,
    });
    if (orders.kind !== 'ok') {
      return partnerUnavailable(orders.kind === 'failed' ? orders.error : undefined);
    }
    // The shop lists newest first: the latest order awaiting payment is the one meant.
    const due = orders.value.orders.find((order) => order.status === 'pending_payment');
    if (!due) return { outcome: 'fulfilled', messages: [say('payment.nothingDue')] };
    if ((await context.quota?.take('payment-link')) !== 'granted') {
      return { outcome: 'failed', messages: [say('payment.limitReached')] };
    }

    const link = await callPartner('payments', 'createPaymentLink', {
      amount: due.total.amount,
      currency: due.total.currency,
      description: `Order ${due.orderNumber}`,
      orderNumber: due.orderNumber,
      customerPhone: phone,
    });
    if (link.kind !== 'ok') {
      return partnerUnavailable(link.kind === 'failed' ? link.error : undefined);
    }
    const amount = { amount: link.value.amount, currency: link.value.currency };
    const body = render(
      context.turn.locale,
      say('payment.smsBody', { ...amount, orderNumber: due.orderNumber, url: link.value.url }),
      { now: context.now, timeZone: context.timeZone },
    ).text;
    const sms = await callPartner('sms', 'send', { to: phone, body });
    if (sms.kind !== 'ok') return partnerUnavailable(sms.kind === 'failed' ? sms.error : undefined);
    return {
      outcome: 'fulfilled',
      messages: [
        say('payment.sent', {
          ...amount,
          orderNumber: due.orderNumber,
          phoneEnding: phoneEnding(phone),
        }),
      ],
    };
  },
};
