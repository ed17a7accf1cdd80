import type { Fragment, MessageTools, Template } from '../message.ts';

const onDayAtTime = (m: MessageTools, name: string): Fragment =>
  m.t`${m.day(name, 'on ')} at ${m.time(name)}`;

/** The reference catalog: every other locale must have exactly these keys. */
export const enUS = {
  'common.apology': (m) => m.t`Sorry, something went wrong. Please try again later.`,
  'common.partnerUnavailable': (m) =>
    m.t`I can't check that right now because our system isn't responding. Please try again in a few minutes.`,
  'common.pending': (m) => m.t`One moment, I'm checking.`,
  'common.stillChecking': (m) => m.t`I'm still checking. Thanks for your patience.`,
  'common.goodbye': (m) =>
    m.typed ? m.t`Thanks for chatting with us. Goodbye!` : m.t`Thanks for calling. Goodbye!`,

  'order.askNumber': (m) => m.t`What's your order number?`,
  'order.invalidNumber': (m) =>
    m.t`An order number has 3 to 12 digits, for example 12345. What's your order number?`,
  'order.notFound': (m) =>
    m.t`I couldn't find order ${m.digits('orderNumber')}. Please check the number and tell me again.`,
  'order.pendingPayment': (m) =>
    m.t`Order ${m.digits('orderNumber')} is waiting for payment. I can text you a payment link if you like.`,
  'order.processing': (m) =>
    m.t`Order ${m.digits('orderNumber')} is being prepared. We'll let you know as soon as it ships.`,
  'order.shipped': (m) => {
    const shipped = m.has('carrier')
      ? m.t`Order ${m.digits('orderNumber')} has shipped with ${m.text('carrier')}`
      : m.t`Order ${m.digits('orderNumber')} has shipped`;
    if (!m.has('expectedDelivery')) return m.t`${shipped}.`;
    return m.daysAway('expectedDelivery') < 0
      ? m.t`${shipped}. It was due ${m.when('expectedDelivery')} and is running late, but it's on its way.`
      : m.t`${shipped} and should arrive ${m.when('expectedDelivery')}.`;
  },
  'order.outForDelivery': (m) =>
    m.t`Order ${m.digits('orderNumber')} is out for delivery and should reach you today.`,
  'order.delivered': (m) =>
    m.has('deliveredAt')
      ? m.t`Order ${m.digits('orderNumber')} was delivered ${m.day('deliveredAt', 'on ')}.`
      : m.t`Order ${m.digits('orderNumber')} has been delivered.`,
  'order.cancelled': (m) =>
    m.t`Order ${m.digits('orderNumber')} was cancelled. If that's unexpected, I can connect you to an agent.`,
  'order.returned': (m) =>
    m.t`Order ${m.digits('orderNumber')} has been returned to us. Your refund is on its way.`,

  'loyalty.askPin': (m) =>
    m.typed
      ? m.t`To protect your account, please enter your PIN.`
      : m.t`To protect your account, please say or enter your PIN.`,
  'loyalty.pinFormat': (m) =>
    m.typed
      ? m.t`Your PIN has 4 to 6 digits. Please enter it again.`
      : m.t`Your PIN has 4 to 6 digits. Please say or enter it again.`,
  'loyalty.wrongPin': (m) =>
    m.t`That PIN doesn't match. ${m.plural('attemptsLeft', { one: 'You have one more try.', other: 'You have # more tries.' })} ${m.typed ? 'Please enter your PIN again.' : 'Please say or enter your PIN again.'}`,
  'loyalty.lockedNow': (m) =>
    m.t`That's three wrong PINs, so PIN checks are paused for 15 minutes. Let me connect you to an agent.`,
  'loyalty.locked': (m) =>
    m.t`PIN checks for your account are paused for a few minutes. Let me connect you to an agent.`,
  'loyalty.noPhone': (m) =>
    m.typed
      ? m.t`To check your points I need the phone number on your account, and I don't have it in this chat.`
      : m.t`I can only check your points when you call from the phone number on your account.`,
  'loyalty.unknownCaller': (m) =>
    m.typed
      ? m.t`I couldn't find a loyalty account for your phone number.`
      : m.t`I couldn't find a loyalty account for the number you're calling from.`,
  'loyalty.balance': (m) =>
    m.count('points') === 0
      ? m.t`You don't have any points yet. You earn them with every order.`
      : m.t`You have ${m.plural('points', { one: '# point', other: '# points' })}; you can exchange them for a discount or free delivery.`,

  'appointment.askDate': (m) => m.t`What day would you like to come in?`,
  'appointment.askTime': (m) => m.t`What time suits you?`,
  'appointment.invalidDate': (m) =>
    m.t`Sorry, I didn't catch the date. Which day would you like, for example tomorrow?`,
  'appointment.pastDate': (m) => m.t`That day has already passed. Which day would you like?`,
  'appointment.timePassed': (m) => m.t`That time has already passed. What time would you like?`,
  'appointment.invalidTime': (m) =>
    m.t`Sorry, I didn't catch the time. What time would you like, for example 10 AM?`,
  'appointment.confirm': (m) => m.t`Shall I book you in ${onDayAtTime(m, 'start')}?`,
  'appointment.declined': (m) => m.t`All right, I haven't booked anything.`,
  'appointment.needPhone': (m) =>
    m.typed
      ? m.t`I need your phone number to book an appointment, and I don't have it in this chat. Please call us, or ask for an agent.`
      : m.t`I need your phone number to book an appointment. Please call us from your phone, or ask for an agent.`,
  'appointment.timeUnavailable': (m) =>
    m.t`Sorry, ${m.day('start')} at ${m.time('start')} is taken, but I can offer ${m.timeChoices('alternatives')}. Which time would you like?`,
  'appointment.dayFull': (m) =>
    m.t`There are no free appointments ${m.day('date', 'on ')}. Which other day would suit you?`,
  'appointment.booking': (m) =>
    m.t`I'm booking your appointment ${onDayAtTime(m, 'start')}. This takes a moment.`,
  'appointment.booked': (m) =>
    m.has('advisor')
      ? m.t`You're booked ${onDayAtTime(m, 'start')} with ${m.text('advisor')}. See you then!`
      : m.t`You're booked ${onDayAtTime(m, 'start')}. See you then!`,
  'appointment.slotTaken': (m) =>
    m.t`Sorry, someone has just taken that time. What other time would suit you?`,
  'appointment.bookingFailed': (m) =>
    m.t`Sorry, I couldn't book the appointment. Please try again later, or ask for an agent.`,
  'appointment.smsConfirmed': (m) =>
    m.t`Your appointment on ${m.date('start')} at ${m.time('start')} is confirmed.`,

  'payment.needPhone': (m) =>
    m.typed
      ? m.t`I can only text a payment link to the phone number on your account, and I don't have it in this chat.`
      : m.t`I can only text a payment link to the phone you're calling from.`,
  'payment.nothingDue': (m) => m.t`You have no orders waiting for payment.`,
  'payment.sent': (m) =>
    m.t`I've texted a link to pay ${m.money('amount', 'currency')} for order ${m.digits('orderNumber')} to your number ending in ${m.digits('phoneEnding')}.`,
  'payment.smsBody': (m) =>
    m.t`Pay ${m.money('amount', 'currency')} for order ${m.text('orderNumber')}: ${m.text('url')}`,

  'agent.transfer': (m) =>
    m.has('ticketId')
      ? m.t`I'm connecting you to an agent. Your reference is ${m.characters('ticketId')}.`
      : m.t`I'm connecting you to an agent.`,

  'storeHours.askCity': (m) => m.t`Which city's store are you asking about?`,
  'storeHours.unknownCity': (m) =>
    m.t`I don't have a store in ${m.text('city')} on file. Which city do you mean?`,
  'storeHours.invalidDate': (m) =>
    m.t`Sorry, I didn't catch the day. Which day are you asking about, for example tomorrow or Saturday?`,
  'storeHours.open': (m) =>
    m.t`Our store at ${m.text('address')} is open ${m.when('date')} from ${m.clock('opens')} to ${m.clock('closes')}.`,
  'storeHours.closed': (m) =>
    m.has('nextOpenDate')
      ? m.t`Our store at ${m.text('address')} is closed ${m.when('date')}. It opens again ${m.when('nextOpenDate')} from ${m.clock('opens')} to ${m.clock('closes')}.`
      : m.t`Our store at ${m.text('address')} is closed ${m.when('date')}.`,

  'fallback.didNotUnderstand': (m) =>
    m.t`Sorry, I didn't get that. I can check an order, your loyalty points or store hours, book an appointment, text you a payment link, or connect you to an agent. What would you like to do?`,

  'news.order.shipped': (m) => {
    if (!m.has('expectedDelivery')) {
      return m.t`Good news: your order ${m.digits('orderNumber')} has shipped.`;
    }
    return m.daysAway('expectedDelivery') < 0
      ? m.t`Your order ${m.digits('orderNumber')} has shipped. It was due ${m.when('expectedDelivery')} and is running late, but it's on its way.`
      : m.t`Good news: your order ${m.digits('orderNumber')} has shipped and should arrive ${m.when('expectedDelivery')}.`;
  },
  'news.order.out_for_delivery': (m) =>
    m.t`Your order ${m.digits('orderNumber')} is out for delivery today.`,
  'news.order.delivered': (m) => m.t`Your order ${m.digits('orderNumber')} has been delivered.`,
  'news.order.cancelled': (m) => m.t`Your order ${m.digits('orderNumber')} has been cancelled.`,
  'news.payment.received': (m) => {
    const amount =
      m.has('amount') && m.has('currency') ? m.t` of ${m.money('amount', 'currency')}` : '';
    return m.has('orderNumber')
      ? m.t`We've received your payment${amount} for order ${m.digits('orderNumber')}. Thank you!`
      : m.t`We've received your payment${amount}. Thank you!`;
  },
  'news.ticket.resolved': (m) =>
    m.t`Your support request ${m.characters('ticketId')} has been resolved.`,
  'news.appointment.confirmed': (m) =>
    m.t`Your appointment ${onDayAtTime(m, 'start')} is confirmed.`,
  'news.appointment.cancelled': (m) =>
    m.t`Your appointment ${onDayAtTime(m, 'start')} has been cancelled.`,
  'identity.offerCode': (m) =>
    m.typed
      ? m.t`If you don't have a PIN, type "code" and we'll text you a one-time code.`
      : m.t`If you don't have a PIN, say "code" and we'll text you a one-time code.`,
  'identity.needPhone': (m) =>
    m.typed
      ? m.t`I can help with that only once I know the phone number on your account. Please sign in on our website, or ask for an agent.`
      : m.t`I can help with that only once I know the phone number on your account. Please call from that number, or ask for an agent.`,
  'identity.codeSent': (m) =>
    m.t`If this number is registered with us, we've just texted it a 6-digit code. ${m.typed ? 'Please enter the code.' : 'Please say or enter the code.'}`,
  'identity.codeFormat': (m) =>
    m.t`The code has 6 digits. ${m.typed ? 'Please enter it again.' : 'Please say or enter it again.'}`,
  'identity.wrongCode': (m) =>
    m.t`That code doesn't match. ${m.plural('attemptsLeft', { one: 'You have one more try.', other: 'You have # more tries.' })} ${m.typed ? 'Please enter the code again.' : 'Please say or enter the code again.'}`,
  'identity.codeLimit': (m) =>
    m.t`We've already sent several codes to this number. Please try again later, or ask for an agent.`,
  'identity.smsCode': (m) =>
    m.t`Your verification code is ${m.text('code')}. It expires in 5 minutes. Never share it with anyone.`,
  'payment.limitReached': (m) =>
    m.t`We've already sent you several payment links recently. Please use one of those, or ask for an agent.`,
  'appointment.limitReached': (m) =>
    m.t`You've already made several bookings today. To book another, please ask for an agent.`,
  'common.jobGaveUp': (m) =>
    m.t`Sorry, I couldn't finish that in time. Would you like me to connect you to an agent?`,
  'routing.confirmPaymentLink': (m) =>
    m.t`Would you like me to text you a link to pay for your order?`,
  'routing.confirmAgent': (m) => m.t`Would you like me to connect you to an agent?`,
  'routing.declined': (m) => m.t`All right, I won't. What else can I help you with?`,
} satisfies Readonly<Record<string, Template>>;

export type MessageKey = keyof typeof enUS;

/** What partner events can tell a caller unasked: the `news.<kind>` messages. */
export type NewsKind<Key = MessageKey> = Key extends `news.${infer Kind}` ? Kind : never;
