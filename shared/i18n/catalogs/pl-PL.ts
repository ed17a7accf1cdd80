import type { Fragment, MessageTools, Template } from '../message.ts';
import type { MessageKey } from './en-US.ts';

/** "na jutro o 11:00", "na 21 listopada o 11:00". */
const forDayAtTime = (m: MessageTools, name: string): Fragment =>
  m.t`na ${m.day(name)} o ${m.time(name)}`;

export const plPL = {
  'common.apology': (m) => m.t`Przepraszam, coś poszło nie tak. Spróbuj ponownie później.`,
  'common.partnerUnavailable': (m) =>
    m.t`Nie mogę tego teraz sprawdzić, bo nasz system nie odpowiada. Spróbuj ponownie za kilka minut.`,
  'common.pending': (m) => m.t`Chwileczkę, już sprawdzam.`,
  'common.stillChecking': (m) => m.t`Wciąż sprawdzam, dziękuję za cierpliwość.`,
  'common.goodbye': (m) => m.t`Dziękuję za telefon. Do widzenia!`,

  'order.askNumber': (m) => m.t`Podaj, proszę, numer zamówienia.`,
  'order.invalidNumber': (m) =>
    m.t`Numer zamówienia ma od 3 do 12 cyfr, na przykład 12345. Podaj, proszę, numer zamówienia.`,
  'order.notFound': (m) =>
    m.t`Nie mogę znaleźć zamówienia o numerze ${m.digits('orderNumber')}. Sprawdź numer i podaj go jeszcze raz.`,
  'order.pendingPayment': (m) =>
    m.t`Zamówienie ${m.digits('orderNumber')} czeka na płatność. Jeśli chcesz, wyślę Ci SMS-em link do płatności.`,
  'order.processing': (m) =>
    m.t`Zamówienie ${m.digits('orderNumber')} jest w przygotowaniu. Damy znać, gdy tylko zostanie wysłane.`,
  'order.shipped': (m) => {
    const shipped = m.has('carrier')
      ? m.t`Zamówienie ${m.digits('orderNumber')} zostało wysłane przez ${m.text('carrier')}`
      : m.t`Zamówienie ${m.digits('orderNumber')} zostało wysłane`;
    return m.has('expectedDelivery')
      ? m.t`${shipped} i powinno dotrzeć ${m.day('expectedDelivery')}.`
      : m.t`${shipped}.`;
  },
  'order.outForDelivery': (m) =>
    m.t`Kurier jest już w drodze z zamówieniem ${m.digits('orderNumber')} i dostarczy je dzisiaj.`,
  'order.delivered': (m) =>
    m.has('deliveredAt')
      ? m.t`Zamówienie ${m.digits('orderNumber')} zostało doręczone ${m.day('deliveredAt')}.`
      : m.t`Zamówienie ${m.digits('orderNumber')} zostało doręczone.`,
  'order.cancelled': (m) =>
    m.t`Zamówienie ${m.digits('orderNumber')} zostało anulowane. Jeśli to pomyłka, połączę Cię z konsultantem.`,
  'order.returned': (m) =>
    m.t`Zamówienie ${m.digits('orderNumber')} wróciło do nas. Zwrot pieniędzy jest już w drodze.`,

  'loyalty.askPin': (m) => m.t`Dla bezpieczeństwa Twojego konta podaj, proszę, PIN.`,
  'loyalty.pinFormat': (m) => m.t`PIN ma od 4 do 6 cyfr. Podaj go, proszę, jeszcze raz.`,
  'loyalty.wrongPin': (m) =>
    m.t`Ten PIN się nie zgadza. ${m.plural('attemptsLeft', { one: 'Została jeszcze # próba.', few: 'Zostały jeszcze # próby.', many: 'Zostało jeszcze # prób.', other: 'Zostało jeszcze # próby.' })} Podaj PIN jeszcze raz.`,
  'loyalty.lockedNow': (m) =>
    m.t`PIN trzy razy się nie zgodził, więc sprawdzanie PIN-u jest wstrzymane na 15 minut. Łączę Cię z konsultantem.`,
  'loyalty.locked': (m) =>
    m.t`Sprawdzanie PIN-u dla Twojego konta jest chwilowo wstrzymane. Łączę Cię z konsultantem.`,
  'loyalty.noPhone': (m) =>
    m.t`Punkty mogę sprawdzić tylko wtedy, gdy dzwonisz z numeru przypisanego do konta.`,
  'loyalty.unknownCaller': (m) =>
    m.t`Nie znajduję konta w programie lojalnościowym dla numeru, z którego dzwonisz.`,
  'loyalty.balance': (m) =>
    m.count('points') === 0
      ? m.t`Nie masz jeszcze punktów. Zbierasz je przy każdym zamówieniu.`
      : m.t`Masz ${m.plural('points', { one: '# punkt', few: '# punkty', many: '# punktów', other: '# punktu' })}; możesz je wymienić na rabat albo darmową dostawę.`,

  'appointment.askDate': (m) => m.t`Na który dzień chcesz się umówić?`,
  'appointment.askTime': (m) => m.t`Jaka godzina Ci pasuje?`,
  'appointment.invalidDate': (m) =>
    m.t`Nie rozpoznaję tej daty. Na który dzień chcesz się umówić, na przykład na jutro?`,
  'appointment.pastDate': (m) => m.t`Ten dzień już minął. Na który dzień chcesz się umówić?`,
  'appointment.timePassed': (m) => m.t`Ta godzina już minęła. Na którą godzinę chcesz się umówić?`,
  'appointment.invalidTime': (m) =>
    m.t`Nie rozpoznaję tej godziny. O której chcesz przyjść, na przykład o 10:00?`,
  'appointment.confirm': (m) => m.t`Czy mam zarezerwować wizytę ${forDayAtTime(m, 'start')}?`,
  'appointment.declined': (m) => m.t`Dobrze, niczego nie rezerwuję.`,
  'appointment.needPhone': (m) =>
    m.t`Do rezerwacji potrzebuję Twojego numeru telefonu. Zadzwoń do nas ze swojego telefonu albo poproś o konsultanta.`,
  'appointment.timeUnavailable': (m) =>
    m.t`Niestety termin ${forDayAtTime(m, 'start')} jest już zajęty, ale mogę zaproponować ${m.timeChoices('alternatives')}. Która godzina Ci pasuje?`,
  'appointment.dayFull': (m) =>
    m.t`Na ${m.day('date')} nie ma już wolnych terminów. Jaki inny dzień Ci pasuje?`,
  'appointment.booking': (m) =>
    m.t`Rezerwuję wizytę ${forDayAtTime(m, 'start')}. To potrwa chwilę.`,
  'appointment.booked': (m) =>
    m.has('advisor')
      ? m.t`Gotowe, wizyta jest zarezerwowana ${forDayAtTime(m, 'start')}. Przyjmie Cię ${m.text('advisor')}. Do zobaczenia!`
      : m.t`Gotowe, wizyta jest zarezerwowana ${forDayAtTime(m, 'start')}. Do zobaczenia!`,
  'appointment.slotTaken': (m) =>
    m.t`Przepraszam, ktoś właśnie zajął ten termin. Jaka inna godzina Ci pasuje?`,
  'appointment.bookingFailed': (m) =>
    m.t`Przepraszam, nie udało się zarezerwować wizyty. Spróbuj ponownie później albo poproś o konsultanta.`,

  'payment.needPhone': (m) =>
    m.t`Link do płatności mogę wysłać SMS-em tylko na numer, z którego dzwonisz.`,
  'payment.nothingDue': (m) => m.t`Nie masz zamówień czekających na płatność.`,
  'payment.sent': (m) =>
    m.t`Wysłaliśmy SMS-em link do zapłaty ${m.money('amount', 'currency')} za zamówienie ${m.digits('orderNumber')} na Twój numer kończący się na ${m.digits('phoneEnding')}.`,
  'payment.smsBody': (m) =>
    m.t`Zapłać ${m.money('amount', 'currency')} za zamówienie ${m.text('orderNumber')}: ${m.text('url')}`,

  'agent.transfer': (m) =>
    m.has('ticketId')
      ? m.t`Łączę Cię z konsultantem. Numer Twojego zgłoszenia to ${m.characters('ticketId')}.`
      : m.t`Łączę Cię z konsultantem.`,

  'storeHours.askCity': (m) => m.t`O sklep w którym mieście pytasz?`,
  'storeHours.unknownCity': (m) =>
    m.t`Nie mam informacji o sklepie w mieście ${m.text('city')}. O które miasto chodzi?`,
  'storeHours.open': (m) =>
    m.t`Sklep pod adresem ${m.text('address')} jest dziś czynny od ${m.clock('opens')} do ${m.clock('closes')}.`,
  'storeHours.closedToday': (m) =>
    m.has('nextOpenDate')
      ? m.t`Sklep pod adresem ${m.text('address')} jest dziś zamknięty. Najbliżej otwieramy ${m.day('nextOpenDate')}, od ${m.clock('opens')} do ${m.clock('closes')}.`
      : m.t`Sklep pod adresem ${m.text('address')} jest dziś zamknięty.`,

  'fallback.didNotUnderstand': (m) =>
    m.t`Przepraszam, nie rozumiem. Mogę sprawdzić zamówienie, Twoje punkty albo godziny otwarcia sklepu, umówić wizytę, wysłać SMS-em link do płatności lub połączyć Cię z konsultantem. W czym mogę pomóc?`,

  'news.order.shipped': (m) =>
    m.has('expectedDelivery')
      ? m.t`Dobra wiadomość: Twoje zamówienie ${m.digits('orderNumber')} zostało wysłane i powinno dotrzeć ${m.day('expectedDelivery')}.`
      : m.t`Dobra wiadomość: Twoje zamówienie ${m.digits('orderNumber')} zostało wysłane.`,
  'news.order.out_for_delivery': (m) =>
    m.t`Kurier dostarczy dziś Twoje zamówienie ${m.digits('orderNumber')}.`,
  'news.order.delivered': (m) =>
    m.t`Twoje zamówienie ${m.digits('orderNumber')} zostało doręczone.`,
  'news.order.cancelled': (m) =>
    m.t`Twoje zamówienie ${m.digits('orderNumber')} zostało anulowane.`,
  'news.payment.received': (m) => {
    const amount =
      m.has('amount') && m.has('currency')
        ? m.t` w wysokości ${m.money('amount', 'currency')}`
        : '';
    return m.has('orderNumber')
      ? m.t`Otrzymaliśmy Twoją płatność${amount} za zamówienie ${m.digits('orderNumber')}. Dziękujemy!`
      : m.t`Otrzymaliśmy Twoją płatność${amount}. Dziękujemy!`;
  },
  'news.ticket.resolved': (m) =>
    m.t`Twoje zgłoszenie ${m.characters('ticketId')} zostało rozwiązane.`,
  'news.appointment.confirmed': (m) =>
    m.t`Twoja wizyta ${forDayAtTime(m, 'start')} jest potwierdzona.`,
  'news.appointment.cancelled': (m) =>
    m.t`Twoja wizyta ${forDayAtTime(m, 'start')} została odwołana.`,
  'common.jobGaveUp': (m) =>
    m.t`Przepraszam, nie udało mi się tego w porę załatwić. Czy połączyć Cię z konsultantem?`,
} satisfies Readonly<Record<MessageKey, Template>>;
