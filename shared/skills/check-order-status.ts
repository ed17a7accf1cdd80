import type { PartnerErrorCode } from '#shared/connectors/types.ts';
import type {
  FinishedJob,
  MessageRef,
  Skill,
  SkillContext,
  SkillResult,
} from '#shared/conversation/types.ts';
import { type ShopOrder, shopConnector } from '#shared/partners/shop/connector.ts';
import { elicit, partnerUnavailable, say } from './support.ts';
import { parseOrderNumber } from './text.ts';

const name = 'CheckOrderStatus';

/** What a caller hears about an order, by its status. */
function describeOrder(order: ShopOrder): MessageRef {
  const orderNumber = order.orderNumber;
  switch (order.status) {
    case 'shipped':
      return say('order.shipped', {
        orderNumber,
        ...(order.shipment
          ? { carrier: order.shipment.carrier, expectedDelivery: order.shipment.expectedDelivery }
          : {}),
      });
    case 'out_for_delivery':
      return say('order.outForDelivery', { orderNumber });
    case 'delivered':
      return say('order.delivered', {
        orderNumber,
        ...(order.shipment?.deliveredAt ? { deliveredAt: order.shipment.deliveredAt } : {}),
      });
    case 'cancelled':
      return say('order.cancelled', { orderNumber });
    case 'returned':
      return say('order.returned', { orderNumber });
    case 'pending_payment':
      return say('order.pendingPayment', { orderNumber });
    case 'processing':
      return say('order.processing', { orderNumber });
  }
}

function afterFailure(code: PartnerErrorCode | undefined, orderNumber: string): SkillResult {
  if (code === 'not-found') {
    return elicit('orderNumber', say('order.notFound', { orderNumber }));
  }
  if (code === 'bad-request') return elicit('orderNumber', say('order.invalidNumber'));
  return partnerUnavailable();
}

function checkSlots(context: SkillContext): SkillResult | { orderNumber: string } {
  const raw = context.slots.orderNumber;
  if (raw === undefined) return elicit('orderNumber', say('order.askNumber'));
  const orderNumber = parseOrderNumber(raw);
  return orderNumber === undefined
    ? elicit('orderNumber', say('order.invalidNumber'))
    : { orderNumber };
}

export const checkOrderStatus: Skill = {
  name,
  audience: 'anyone',
  utterances: {
    'en-US': [
      'where is my order {orderNumber}',
      'where is my order',
      'what is the status of order {orderNumber}',
      'check my order {orderNumber}',
      'track order {orderNumber}',
      'has my order shipped',
      'when will my order {orderNumber} arrive',
    ],
    'pl-PL': [
      'gdzie jest moje zamówienie {orderNumber}',
      'gdzie jest moje zamówienie',
      'jaki jest status zamówienia {orderNumber}',
      'sprawdź zamówienie {orderNumber}',
      'czy moje zamówienie zostało wysłane',
      'kiedy dotrze zamówienie {orderNumber}',
      'śledzenie przesyłki {orderNumber}',
    ],
    'ru-RU': [
      'где мой заказ {orderNumber}',
      'где мой заказ',
      'какой статус заказа {orderNumber}',
      'проверить заказ номер {orderNumber}',
      'отправлен ли мой заказ',
      'когда придёт заказ {orderNumber}',
      'отследить заказ {orderNumber}',
    ],
    'zh-CN': [
      '我的订单{orderNumber}在哪里',
      '我的订单在哪里',
      '查询订单{orderNumber}',
      '订单{orderNumber}的状态',
      '我的订单发货了吗',
      '订单{orderNumber}什么时候到',
    ],
  },
  slots: ['orderNumber'],

  validate(context) {
    const checked = checkSlots(context);
    return 'outcome' in checked
      ? checked
      : { outcome: 'delegate', messages: [], slots: { orderNumber: checked.orderNumber } };
  },

  async run(context) {
    const checked = checkSlots(context);
    if ('outcome' in checked) return checked;
    const { orderNumber } = checked;
    if (!context.callPartner) return partnerUnavailable();
    const result = await context.callPartner('shop', 'getOrder', { orderNumber });
    const slots = { orderNumber };
    switch (result.kind) {
      case 'ok':
        return { outcome: 'fulfilled', messages: [describeOrder(result.value)], slots };
      case 'pending':
        return {
          outcome: 'pending',
          messages: [say('common.pending')],
          slots,
          pendingJob: { jobId: result.jobId, skill: name, context: { orderNumber } },
        };
      case 'failed':
        return { ...afterFailure(result.error.code, orderNumber), slots };
    }
  },

  speakJob(job: FinishedJob, pending) {
    const orderNumber = String(pending.context.orderNumber ?? '');
    if (job.status === 'succeeded') {
      const order = shopConnector.operations.getOrder.response.safeParse(job.result);
      return order.success
        ? { messages: [describeOrder(order.data)] }
        : { messages: [say('common.partnerUnavailable')] };
    }
    // A later turn cannot re-prompt inside the original question, so say what went wrong.
    return job.errorCode === 'not-found'
      ? { messages: [say('order.notFound', { orderNumber })] }
      : { messages: [say('common.partnerUnavailable')] };
  },
};
