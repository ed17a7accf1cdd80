import type { Fragment, MessageTools, Template } from '../message.ts';
import type { MessageKey } from './en-US.ts';

/** "завтра в 11:00", "21 ноября в 11:00". */
const dayAtTime = (m: MessageTools, name: string): Fragment =>
  m.t`${m.day(name)} в ${m.time(name)}`;

/** "на завтра в 11:00", "на 21 ноября в 11:00": what a booking is for. */
const forDayAtTime = (m: MessageTools, name: string): Fragment => m.t`на ${dayAtTime(m, name)}`;

export const ruRU = {
  'common.apology': (m) => m.t`Извините, что-то пошло не так. Пожалуйста, попробуйте позже.`,
  'common.partnerUnavailable': (m) =>
    m.t`Сейчас не получается это проверить: наша система не отвечает. Попробуйте, пожалуйста, через несколько минут.`,
  'common.pending': (m) => m.t`Одну минуту, сейчас проверю.`,
  'common.stillChecking': (m) => m.t`Всё ещё проверяю, спасибо за терпение.`,
  'common.goodbye': (m) =>
    m.typed ? m.t`Спасибо за обращение. До свидания!` : m.t`Спасибо за звонок. До свидания!`,

  'order.askNumber': (m) => m.t`Назовите, пожалуйста, номер заказа.`,
  'order.invalidNumber': (m) =>
    m.t`Номер заказа состоит из 3–12 цифр, например 12345. Назовите, пожалуйста, номер заказа.`,
  'order.notFound': (m) =>
    m.t`Не могу найти заказ номер ${m.digits('orderNumber')}. Проверьте, пожалуйста, номер и назовите его ещё раз.`,
  'order.pendingPayment': (m) =>
    m.t`Заказ ${m.digits('orderNumber')} ожидает оплаты. Могу отправить вам ссылку на оплату по СМС.`,
  'order.processing': (m) =>
    m.t`Заказ ${m.digits('orderNumber')} собирается. Мы сообщим, как только он будет отправлен.`,
  'order.shipped': (m) => {
    const shipped = m.has('carrier')
      ? m.t`Заказ ${m.digits('orderNumber')} отправлен службой ${m.text('carrier')}`
      : m.t`Заказ ${m.digits('orderNumber')} отправлен`;
    if (!m.has('expectedDelivery')) return m.t`${shipped}.`;
    return m.daysAway('expectedDelivery') < 0
      ? m.t`${shipped}. Он должен был прийти ${m.when('expectedDelivery')} — доставка задерживается, но заказ уже в пути.`
      : m.t`${shipped} и должен прийти ${m.when('expectedDelivery')}.`;
  },
  'order.outForDelivery': (m) =>
    m.t`Заказ ${m.digits('orderNumber')} уже у курьера и будет доставлен сегодня.`,
  'order.delivered': (m) =>
    m.has('deliveredAt')
      ? m.t`Заказ ${m.digits('orderNumber')} доставлен ${m.day('deliveredAt')}.`
      : m.t`Заказ ${m.digits('orderNumber')} доставлен.`,
  'order.cancelled': (m) =>
    m.t`Заказ ${m.digits('orderNumber')} отменён. Если это ошибка, я могу соединить вас с оператором.`,
  'order.returned': (m) =>
    m.t`Заказ ${m.digits('orderNumber')} вернулся к нам. Деньги уже возвращаются вам.`,

  'loyalty.askPin': (m) =>
    m.typed
      ? m.t`Для защиты вашего аккаунта введите, пожалуйста, ПИН-код.`
      : m.t`Для защиты вашего аккаунта назовите или введите, пожалуйста, ПИН-код.`,
  'loyalty.pinFormat': (m) =>
    m.typed
      ? m.t`ПИН-код состоит из 4–6 цифр. Введите его ещё раз.`
      : m.t`ПИН-код состоит из 4–6 цифр. Назовите или введите его ещё раз.`,
  'loyalty.wrongPin': (m) =>
    m.t`ПИН-код не подходит. ${m.plural('attemptsLeft', { one: 'Осталась ещё # попытка.', few: 'Остались ещё # попытки.', many: 'Осталось ещё # попыток.', other: 'Осталось ещё # попытки.' })} ${m.typed ? 'Введите ПИН-код ещё раз.' : 'Назовите или введите ПИН-код ещё раз.'}`,
  'loyalty.lockedNow': (m) =>
    m.t`ПИН-код три раза подряд оказался неверным, поэтому проверка приостановлена на 15 минут. Соединяю вас с оператором.`,
  'loyalty.locked': (m) =>
    m.t`Проверка ПИН-кода для вашего аккаунта временно приостановлена. Соединяю вас с оператором.`,
  'loyalty.noPhone': (m) =>
    m.typed
      ? m.t`Баллы я могу проверить только по номеру телефона, привязанному к аккаунту, а в этом чате его нет.`
      : m.t`Баллы я могу проверить, только если вы звоните с номера, привязанного к аккаунту.`,
  'loyalty.unknownCaller': (m) =>
    m.typed
      ? m.t`Не нахожу бонусного счёта для вашего номера телефона.`
      : m.t`Не нахожу бонусного счёта для номера, с которого вы звоните.`,
  'loyalty.balance': (m) =>
    m.count('points') === 0
      ? m.t`У вас пока нет баллов. Они начисляются за каждый заказ.`
      : m.t`У вас ${m.plural('points', { one: '# балл', few: '# балла', many: '# баллов', other: '# балла' })} — их можно обменять на скидку или бесплатную доставку.`,

  'appointment.askDate': (m) => m.t`На какой день вас записать?`,
  'appointment.askTime': (m) => m.t`В какое время вам удобно?`,
  'appointment.invalidDate': (m) =>
    m.t`Извините, не удалось распознать дату. На какой день вас записать, например на завтра?`,
  'appointment.pastDate': (m) => m.t`Этот день уже прошёл. На какой день вас записать?`,
  'appointment.timePassed': (m) => m.t`Это время уже прошло. На какое время вас записать?`,
  'appointment.invalidTime': (m) =>
    m.t`Извините, не удалось распознать время. Во сколько вам удобно, например в 10:00?`,
  'appointment.confirm': (m) => m.t`Записать вас ${forDayAtTime(m, 'start')}?`,
  'appointment.declined': (m) => m.t`Хорошо, я никуда вас не записываю.`,
  'appointment.needPhone': (m) =>
    m.typed
      ? m.t`Для записи нужен ваш номер телефона, а в этом чате его нет. Позвоните нам или попросите соединить с оператором.`
      : m.t`Для записи нужен ваш номер телефона. Позвоните нам со своего телефона или попросите соединить с оператором.`,
  'appointment.timeUnavailable': (m) =>
    m.t`К сожалению, ${dayAtTime(m, 'start')} уже занято, но могу предложить ${m.timeChoices('alternatives')}. Какое время вам подходит?`,
  'appointment.dayFull': (m) =>
    m.t`На ${m.day('date')} свободного времени нет. Какой другой день вам подходит?`,
  'appointment.booking': (m) =>
    m.t`Записываю вас ${forDayAtTime(m, 'start')}. Это займёт немного времени.`,
  'appointment.booked': (m) =>
    m.has('advisor')
      ? m.t`Готово: вы записаны ${forDayAtTime(m, 'start')}, консультант — ${m.text('advisor')}. Ждём вас!`
      : m.t`Готово: вы записаны ${forDayAtTime(m, 'start')}. Ждём вас!`,
  'appointment.slotTaken': (m) =>
    m.t`Извините, это время только что заняли. Какое другое время вам подходит?`,
  'appointment.bookingFailed': (m) =>
    m.t`Извините, записать вас не получилось. Попробуйте позже или попросите соединить с оператором.`,
  'appointment.smsConfirmed': (m) =>
    m.t`Ваша запись подтверждена: ${m.date('start')}, ${m.time('start')}.`,

  'payment.needPhone': (m) =>
    m.typed
      ? m.t`Ссылку на оплату я могу отправить по СМС только на номер, привязанный к аккаунту, а в этом чате его нет.`
      : m.t`Ссылку на оплату я могу отправить по СМС только на номер, с которого вы звоните.`,
  'payment.nothingDue': (m) => m.t`У вас нет заказов, ожидающих оплаты.`,
  'payment.sent': (m) =>
    m.t`Мы отправили по СМС ссылку на оплату ${m.money('amount', 'currency', 'genitive')} за заказ ${m.digits('orderNumber')} на ваш номер, оканчивающийся на ${m.digits('phoneEnding')}.`,
  'payment.smsBody': (m) =>
    m.t`Оплата заказа ${m.text('orderNumber')} (${m.money('amount', 'currency')}): ${m.text('url')}`,

  'agent.transfer': (m) =>
    m.has('ticketId')
      ? m.t`Соединяю вас с оператором. Номер вашего обращения — ${m.characters('ticketId')}.`
      : m.t`Соединяю вас с оператором.`,

  'storeHours.askCity': (m) => m.t`В каком городе магазин, о котором вы спрашиваете?`,
  'storeHours.unknownCity': (m) =>
    m.t`У меня нет данных о магазине в городе ${m.text('city')}. Какой город вы имеете в виду?`,
  'storeHours.invalidDate': (m) =>
    m.t`Извините, не удалось распознать день. Какой день вас интересует — например, завтра или суббота?`,
  'storeHours.open': (m) =>
    m.t`Магазин по адресу ${m.text('address')} ${m.when('date')} работает с ${m.clock('opens')} до ${m.clock('closes')}.`,
  'storeHours.closed': (m) =>
    m.has('nextOpenDate')
      ? m.t`Магазин по адресу ${m.text('address')} ${m.when('date')} не работает. Откроемся снова ${m.when('nextOpenDate')}, с ${m.clock('opens')} до ${m.clock('closes')}.`
      : m.t`Магазин по адресу ${m.text('address')} ${m.when('date')} не работает.`,

  'fallback.didNotUnderstand': (m) =>
    m.t`Извините, я не совсем поняла. Я могу проверить заказ, ваши баллы или часы работы магазина, записать вас на приём, отправить ссылку на оплату по СМС или соединить с оператором. Чем могу помочь?`,

  'news.order.shipped': (m) => {
    if (!m.has('expectedDelivery')) {
      return m.t`Хорошие новости: ваш заказ ${m.digits('orderNumber')} отправлен.`;
    }
    return m.daysAway('expectedDelivery') < 0
      ? m.t`Ваш заказ ${m.digits('orderNumber')} отправлен. Он должен был прийти ${m.when('expectedDelivery')} — доставка задерживается, но заказ уже в пути.`
      : m.t`Хорошие новости: ваш заказ ${m.digits('orderNumber')} отправлен и должен прийти ${m.when('expectedDelivery')}.`;
  },
  'news.order.out_for_delivery': (m) =>
    m.t`Курьер сегодня доставит ваш заказ ${m.digits('orderNumber')}.`,
  'news.order.delivered': (m) => m.t`Ваш заказ ${m.digits('orderNumber')} доставлен.`,
  'news.order.cancelled': (m) => m.t`Ваш заказ ${m.digits('orderNumber')} отменён.`,
  'news.payment.received': (m) => {
    const amount =
      m.has('amount') && m.has('currency')
        ? m.t` в размере ${m.money('amount', 'currency', 'genitive')}`
        : '';
    return m.has('orderNumber')
      ? m.t`Мы получили вашу оплату${amount} за заказ ${m.digits('orderNumber')}. Спасибо!`
      : m.t`Мы получили вашу оплату${amount}. Спасибо!`;
  },
  'news.ticket.resolved': (m) => m.t`Ваше обращение ${m.characters('ticketId')} решено.`,
  'news.appointment.confirmed': (m) => m.t`Ваша запись ${forDayAtTime(m, 'start')} подтверждена.`,
  'news.appointment.cancelled': (m) => m.t`Ваша запись ${forDayAtTime(m, 'start')} отменена.`,
  'identity.offerCode': (m) =>
    m.t`Если у вас нет ПИН-кода, ${m.typed ? 'напишите' : 'скажите'} «код», и мы пришлём вам одноразовый код по СМС.`,
  'identity.needPhone': (m) =>
    m.t`С этим я смогу помочь, только когда буду знать номер телефона, привязанный к вашему аккаунту. ${m.typed ? 'Войдите в личный кабинет на нашем сайте' : 'Позвоните с этого номера'} или попросите соединить вас с оператором.`,
  'identity.codeSent': (m) =>
    m.t`Если этот номер у нас зарегистрирован, мы только что отправили на него СМС с шестизначным кодом. ${m.typed ? 'Введите' : 'Назовите или введите'} этот код.`,
  'identity.codeFormat': (m) =>
    m.t`Код состоит из 6 цифр. ${m.typed ? 'Введите' : 'Назовите или введите'} его ещё раз.`,
  'identity.wrongCode': (m) =>
    m.t`Код не подходит. ${m.plural('attemptsLeft', { one: 'Осталась ещё # попытка.', few: 'Остались ещё # попытки.', many: 'Осталось ещё # попыток.', other: 'Осталось ещё # попытки.' })} ${m.typed ? 'Введите' : 'Назовите или введите'} код ещё раз.`,
  'identity.codeLimit': (m) =>
    m.t`На этот номер уже отправлено несколько кодов. Попробуйте позже или попросите соединить вас с оператором.`,
  'identity.smsCode': (m) =>
    m.t`Ваш код подтверждения: ${m.text('code')}. Он действует 5 минут. Никому его не сообщайте.`,
  'payment.limitReached': (m) =>
    m.t`Мы недавно уже отправили вам несколько ссылок на оплату. Воспользуйтесь одной из них или попросите соединить вас с оператором.`,
  'appointment.limitReached': (m) =>
    m.t`Сегодня вы уже записывались несколько раз. Чтобы записаться ещё, попросите соединить вас с оператором.`,
  'common.jobGaveUp': (m) =>
    m.t`Извините, не удалось вовремя это выяснить. Соединить вас с оператором?`,
  'routing.confirmPaymentLink': (m) => m.t`Отправить вам по SMS ссылку на оплату заказа?`,
  'routing.confirmAgent': (m) => m.t`Соединить вас с оператором?`,
  'routing.declined': (m) => m.t`Хорошо, не буду. Чем ещё могу помочь?`,
} satisfies Readonly<Record<MessageKey, Template>>;
