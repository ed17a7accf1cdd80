import type { Fragment, MessageTools, Template } from '../message.ts';
import type { MessageKey } from './en-US.ts';

/** "明天11:00", "11月21日11:00". */
const dayAndTime = (m: MessageTools, name: string): Fragment => m.t`${m.day(name)}${m.time(name)}`;

export const zhCN = {
  'common.apology': (m) => m.t`抱歉，出了点问题，请稍后再试。`,
  'common.partnerUnavailable': (m) =>
    m.t`抱歉，我们的系统暂时没有响应，现在无法查询，请几分钟后再试。`,
  'common.pending': (m) => m.t`请稍等，我正在查询。`,
  'common.stillChecking': (m) => m.t`我还在查询中，感谢您的耐心等待。`,
  'common.goodbye': (m) => (m.typed ? m.t`感谢您的咨询，再见！` : m.t`感谢您的来电，再见！`),

  'order.askNumber': (m) => m.t`请问您的订单号是多少？`,
  'order.invalidNumber': (m) => m.t`订单号由3到12位数字组成，例如12345。请告诉我您的订单号。`,
  'order.notFound': (m) => m.t`没有找到订单${m.digits('orderNumber')}，请核对订单号后重新告诉我。`,
  'order.pendingPayment': (m) =>
    m.t`订单${m.digits('orderNumber')}正在等待付款。如果需要，我可以用短信把付款链接发给您。`,
  'order.processing': (m) =>
    m.t`订单${m.digits('orderNumber')}正在备货中，发货后我们会第一时间通知您。`,
  'order.shipped': (m) => {
    const shipped = m.has('carrier')
      ? m.t`订单${m.digits('orderNumber')}已由${m.text('carrier')}发货`
      : m.t`订单${m.digits('orderNumber')}已发货`;
    if (!m.has('expectedDelivery')) return m.t`${shipped}。`;
    return m.daysAway('expectedDelivery') < 0
      ? m.t`${shipped}，原定${m.when('expectedDelivery')}送达，目前有所延误，但仍在运送途中。`
      : m.t`${shipped}，预计${m.when('expectedDelivery')}送达。`;
  },
  'order.outForDelivery': (m) => m.t`订单${m.digits('orderNumber')}正在派送中，今天就能送到。`,
  'order.delivered': (m) =>
    m.has('deliveredAt')
      ? m.t`订单${m.digits('orderNumber')}已于${m.day('deliveredAt')}送达。`
      : m.t`订单${m.digits('orderNumber')}已送达。`,
  'order.cancelled': (m) =>
    m.t`订单${m.digits('orderNumber')}已取消。如有疑问，我可以为您转接人工客服。`,
  'order.returned': (m) => m.t`订单${m.digits('orderNumber')}已退回，退款正在处理中。`,

  'loyalty.askPin': (m) =>
    m.typed
      ? m.t`为了保护您的账户安全，请输入您的PIN码。`
      : m.t`为了保护您的账户安全，请说出或输入您的PIN码。`,
  'loyalty.pinFormat': (m) =>
    m.typed ? m.t`PIN码为4到6位数字，请重新输入。` : m.t`PIN码为4到6位数字，请再说一遍或重新输入。`,
  'loyalty.wrongPin': (m) =>
    m.t`PIN码不正确。您还有${m.number('attemptsLeft')}次机会，${m.typed ? '请重新输入。' : '请再说一遍或重新输入。'}`,
  'loyalty.lockedNow': (m) => m.t`PIN码连续三次错误，验证已暂停15分钟。现在为您转接人工客服。`,
  'loyalty.locked': (m) => m.t`您账户的PIN码验证暂时停用。现在为您转接人工客服。`,
  'loyalty.noPhone': (m) =>
    m.typed
      ? m.t`查询积分需要您账户绑定的手机号，但本次聊天中没有您的号码。`
      : m.t`只有用账户绑定的手机号来电时，我才能为您查询积分。`,
  'loyalty.unknownCaller': (m) =>
    m.typed ? m.t`没有找到与您手机号关联的会员账户。` : m.t`没有找到与您来电号码关联的会员账户。`,
  'loyalty.balance': (m) =>
    m.count('points') === 0
      ? m.t`您目前还没有积分，每次下单都可以获得积分。`
      : m.t`您有${m.number('points')}个积分，可以兑换折扣或免运费。`,

  'appointment.askDate': (m) => m.t`您想预约哪一天？`,
  'appointment.askTime': (m) => m.t`您方便几点？`,
  'appointment.invalidDate': (m) => m.t`抱歉，我没弄清楚日期。您想预约哪一天？比如明天。`,
  'appointment.pastDate': (m) => m.t`这一天已经过去了。您想预约哪一天？`,
  'appointment.timePassed': (m) => m.t`这个时间已经过了。您想约几点？`,
  'appointment.invalidTime': (m) => m.t`抱歉，我没弄清楚时间。您想约几点？比如上午10点。`,
  'appointment.confirm': (m) => m.t`要为您预约${dayAndTime(m, 'start')}吗？`,
  'appointment.declined': (m) => m.t`好的，没有为您预约。`,
  'appointment.needPhone': (m) =>
    m.typed
      ? m.t`预约需要您的电话号码，但本次聊天中没有您的号码。您可以给我们来电，或要求转接人工客服。`
      : m.t`预约需要您的电话号码。请用您的手机给我们来电，或要求转接人工客服。`,
  'appointment.timeUnavailable': (m) =>
    m.t`抱歉，${dayAndTime(m, 'start')}已被预约，可选时间有${m.timeChoices('alternatives')}。您想选哪个时间？`,
  'appointment.dayFull': (m) => m.t`${m.day('date')}已经没有空闲时段了。您想换哪一天？`,
  'appointment.booking': (m) => m.t`正在为您预约${dayAndTime(m, 'start')}，请稍候。`,
  'appointment.booked': (m) =>
    m.has('advisor')
      ? m.t`已为您预约${dayAndTime(m, 'start')}，顾问是${m.text('advisor')}。到时见！`
      : m.t`已为您预约${dayAndTime(m, 'start')}。到时见！`,
  'appointment.slotTaken': (m) => m.t`抱歉，这个时间刚刚被别人预约了。您想换什么时间？`,
  'appointment.bookingFailed': (m) => m.t`抱歉，预约没有成功。请稍后再试，或要求转接人工客服。`,
  'appointment.smsConfirmed': (m) => m.t`您的预约已确认：${m.date('start')} ${m.time('start')}。`,

  'payment.needPhone': (m) =>
    m.typed
      ? m.t`付款链接只能通过短信发送到您账户绑定的手机号，但本次聊天中没有您的号码。`
      : m.t`付款链接只能通过短信发送到您当前来电的号码。`,
  'payment.nothingDue': (m) => m.t`您目前没有待付款的订单。`,
  'payment.sent': (m) =>
    m.t`已通过短信把订单${m.digits('orderNumber')}的付款链接（金额${m.money('amount', 'currency')}）发送到您尾号为${m.digits('phoneEnding')}的手机。`,
  'payment.smsBody': (m) =>
    m.t`订单${m.text('orderNumber')}待付款${m.money('amount', 'currency')}：${m.text('url')}`,

  'agent.transfer': (m) =>
    m.has('ticketId')
      ? m.t`正在为您转接人工客服，您的工单号是${m.characters('ticketId')}。`
      : m.t`正在为您转接人工客服。`,

  'storeHours.askCity': (m) => m.t`请问您想查询哪个城市的门店？`,
  'storeHours.unknownCity': (m) => m.t`没有找到${m.text('city')}的门店信息。请问是哪个城市？`,
  'storeHours.invalidDate': (m) => m.t`抱歉，我没弄清楚是哪一天。您想查询哪一天？比如明天或周六。`,
  'storeHours.open': (m) =>
    m.t`位于${m.text('address')}的门店${m.when('date')}营业时间为${m.clock('opens')}至${m.clock('closes')}。`,
  'storeHours.closed': (m) =>
    m.has('nextOpenDate')
      ? m.t`位于${m.text('address')}的门店${m.when('date')}不营业。下次营业是${m.when('nextOpenDate')}，营业时间为${m.clock('opens')}至${m.clock('closes')}。`
      : m.t`位于${m.text('address')}的门店${m.when('date')}不营业。`,

  'fallback.didNotUnderstand': (m) =>
    m.t`抱歉，我没明白您的意思。我可以帮您查询订单、会员积分或门店营业时间，预约服务，用短信发送付款链接，或转接人工客服。请问您需要什么帮助？`,

  'news.order.shipped': (m) => {
    if (!m.has('expectedDelivery')) return m.t`好消息：您的订单${m.digits('orderNumber')}已发货。`;
    return m.daysAway('expectedDelivery') < 0
      ? m.t`您的订单${m.digits('orderNumber')}已发货，原定${m.when('expectedDelivery')}送达，目前有所延误，但仍在运送途中。`
      : m.t`好消息：您的订单${m.digits('orderNumber')}已发货，预计${m.when('expectedDelivery')}送达。`;
  },
  'news.order.out_for_delivery': (m) =>
    m.t`您的订单${m.digits('orderNumber')}正在派送中，今天就能送到。`,
  'news.order.delivered': (m) => m.t`您的订单${m.digits('orderNumber')}已送达。`,
  'news.order.cancelled': (m) => m.t`您的订单${m.digits('orderNumber')}已取消。`,
  'news.payment.received': (m) => {
    const amount =
      m.has('amount') && m.has('currency') ? m.t`，金额${m.money('amount', 'currency')}` : '';
    return m.has('orderNumber')
      ? m.t`我们已收到您订单${m.digits('orderNumber')}的付款${amount}，谢谢！`
      : m.t`我们已收到您的付款${amount}，谢谢！`;
  },
  'news.ticket.resolved': (m) => m.t`您的工单${m.characters('ticketId')}已解决。`,
  'news.appointment.confirmed': (m) => m.t`您${dayAndTime(m, 'start')}的预约已确认。`,
  'news.appointment.cancelled': (m) => m.t`您${dayAndTime(m, 'start')}的预约已取消。`,
  'identity.offerCode': (m) =>
    m.t`如果您没有PIN码，请${m.typed ? '输入' : '说'}“验证码”，我们会通过短信给您发送一次性验证码。`,
  'identity.needPhone': (m) =>
    m.t`需要先确认您账户绑定的手机号码，我才能办理此事。${m.typed ? '请先登录我们的网站' : '请用该号码来电'}，或要求转接人工客服。`,
  'identity.codeSent': (m) =>
    m.t`如果该号码已在我们这里注册，我们刚刚向它发送了一条含6位验证码的短信。${m.typed ? '请输入验证码。' : '请说出或输入验证码。'}`,
  'identity.codeFormat': (m) =>
    m.t`验证码为6位数字，${m.typed ? '请重新输入。' : '请再说一遍或重新输入。'}`,
  'identity.wrongCode': (m) =>
    m.t`验证码不正确。您还有${m.number('attemptsLeft')}次机会，${m.typed ? '请重新输入。' : '请再说一遍或重新输入。'}`,
  'identity.codeLimit': (m) =>
    m.t`我们已向该号码发送过多次验证码。请稍后再试，或要求转接人工客服。`,
  'identity.smsCode': (m) => m.t`您的验证码是${m.text('code')}，5分钟内有效。请勿告诉任何人。`,
  'payment.limitReached': (m) =>
    m.t`我们最近已经给您发送了多个付款链接。请使用其中一个，或要求转接人工客服。`,
  'appointment.limitReached': (m) => m.t`您今天已经预约了多次。如需再次预约，请要求转接人工客服。`,
  'common.jobGaveUp': (m) => m.t`抱歉，我没能及时查到结果。需要为您转接人工客服吗？`,
  'routing.confirmPaymentLink': (m) => m.t`需要我通过短信把订单的付款链接发给您吗？`,
  'routing.confirmAgent': (m) => m.t`需要为您转接人工客服吗？`,
  'routing.declined': (m) => m.t`好的，那就先不办了。还有什么可以帮您？`,
} satisfies Readonly<Record<MessageKey, Template>>;
