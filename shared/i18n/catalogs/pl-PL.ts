import type { Fragment, MessageTools, Template } from '../message.ts';
import type { MessageKey } from './en-US.ts';

/** "jutro o 11:00", "21 listopada o 11:00". */
const dayAtTime = (m: MessageTools, name: string): Fragment =>
  m.t`${m.day(name)} o ${m.time(name)}`;

/** "na jutro o 11:00", "na 21 listopada o 11:00": what a booking is for. */
const forDayAtTime = (m: MessageTools, name: string): Fragment => m.t`na ${dayAtTime(m, name)}`;

/** "9:00–19:00", opening hours as a range. */
const hours = (m: MessageTools): Fragment => m.t`${m.clock('opens')}–${m.clock('closes')}`;

export const plPL = {
  'common.apology': (m) => m.t`Przepraszam, coś poszło nie tak. Spróbuj ponownie później.`,
  'common.partnerUnavailable': (m) =>
    m.t`Nie mogę tego teraz sprawdzić, bo nasz system nie odpowiada. Spróbuj ponownie za kilka minut.`,
  'common.pending': (m) => m.t`Chwileczkę, już sprawdzam.`,
  'common.stillChecking': (m) => m.t`Wciąż sprawdzam, dziękuję za cierpliwość.`,
  'common.goodbye': (m) =>
    m.typed ? m.t`Dziękuję za rozmowę. Do widzenia!` : m.t`Dziękuję za telefon. Do widzenia!`,

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
    if (!m.has('expectedDelivery')) return m.t`${shipped}.`;
    return m.daysAway('expectedDelivery') < 0
      ? m.t`${shipped}. Miało dotrzeć ${m.when('expectedDelivery')} – przesyłka się opóźnia, ale jest już w drodze.`
      : m.t`${shipped} i powinno dotrzeć ${m.when('expectedDelivery')}.`;
  },
  'order.outForDelivery': (m) =>
    m.t`Kurier jest już w drodze z zamówieniem ${m.digits('orderNumber')} i dostarczy je dzisiaj.`,
  'order.delivered': (m) =>
    m.has('deliveredAt')
      ? m.t`Zamówienie ${m.digits('orderNumber')} zostało doręczone ${m.day('deliveredAt')}.`
      : m.t`Zamówienie ${m.digits('orderNumber')} zostało doręczone.`,
  'order.cancelled': (m) =>
    m.t`Zamówienie ${m.digits('orderNumber')} zostało anulowane. Jeśli to pomyłka, mogę połączyć Cię z konsultantem.`,
  'order.returned': (m) =>
    m.t`Zamówienie ${m.digits('orderNumber')} wróciło do nas. Zwrot pieniędzy jest już w drodze.`,

  'loyalty.askPin': (m) => m.t`Dla bezpieczeństwa Twojego konta podaj, proszę, PIN.`,
  'loyalty.pinFormat': (m) => m.t`PIN ma od 4 do 6 cyfr. Podaj go, proszę, jeszcze raz.`,
  'loyalty.wrongPin': (m) =>
    m.t`Ten PIN się nie zgadza. ${m.plural('attemptsLeft', { one: 'Została jeszcze # próba.', few: 'Zostały jeszcze # próby.', many: 'Zostało jeszcze # prób.', other: 'Zostało jeszcze # próby.' })} Podaj PIN jeszcze raz.`,
  'loyalty.lockedNow': (m) =>
    m.t`Trzy razy podano nieprawidłowy PIN, więc sprawdzanie PIN-u jest wstrzymane na 15 minut. Łączę Cię z konsultantem.`,
  'loyalty.locked': (m) =>
    m.t`Sprawdzanie PIN-u dla Twojego konta jest chwilowo wstrzymane. Łączę Cię z konsultantem.`,
  'loyalty.noPhone': (m) =>
    m.typed
      ? m.t`Punkty mogę sprawdzić tylko dla numeru telefonu przypisanego do konta, a w tym czacie go nie mam.`
      : m.t`Punkty mogę sprawdzić tylko wtedy, gdy dzwonisz z numeru przypisanego do konta.`,
  'loyalty.unknownCaller': (m) =>
    m.typed
      ? m.t`Nie znajduję konta w programie lojalnościowym dla Twojego numeru telefonu.`
      : m.t`Nie znajduję konta w programie lojalnościowym dla numeru, z którego dzwonisz.`,
  'loyalty.balance': (m) =>
    m.count('points') === 0
      ? m.t`Nie masz jeszcze punktów. Zbierasz je przy każdym zamówieniu.`
      : m.t`Masz ${m.plural('points', { one: '# punkt', few: '# punkty', many: '# punktów', other: '# punktu' })}. Możesz je wymienić na rabat albo darmową dostawę.`,

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
    m.typed
      ? m.t`Do rezerwacji potrzebuję Twojego numeru telefonu, a w tym czacie go nie mam. Zadzwoń do nas albo poproś o konsultanta.`
      : m.t`Do rezerwacji potrzebuję Twojego numeru telefonu. Zadzwoń do nas ze swojego telefonu albo poproś o konsultanta.`,
  'appointment.timeUnavailable': (m) =>
    m.t`Niestety termin ${dayAtTime(m, 'start')} jest już zajęty, ale mogę zaproponować ${m.timeChoices('alternatives')}. Która godzina Ci pasuje?`,
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
  'appointment.smsConfirmed': (m) =>
    m.t`Potwierdzamy Twoją wizytę: ${m.date('start')}, godz. ${m.time('start')}.`,

  'payment.needPhone': (m) =>
    m.typed
      ? m.t`Link do płatności mogę wysłać SMS-em tylko na numer przypisany do konta, a w tym czacie go nie mam.`
      : m.t`Link do płatności mogę wysłać SMS-em tylko na numer, z którego dzwonisz.`,
  'payment.nothingDue': (m) => m.t`Nie masz zamówień czekających na płatność.`,
  'payment.sent': (m) =>
    m.t`Wysłaliśmy SMS-em na numer kończący się na ${m.digits('phoneEnding')} link do zapłaty ${m.money('amount', 'currency', 'genitive')} za zamówienie ${m.digits('orderNumber')}.`,
  'payment.smsBody': (m) =>
    m.t`Zapłać ${m.money('amount', 'currency')} za zamówienie ${m.text('orderNumber')}: ${m.text('url')}`,

  'agent.transfer': (m) =>
    m.has('ticketId')
      ? m.t`Łączę Cię z konsultantem. Numer Twojego zgłoszenia to ${m.characters('ticketId')}.`
      : m.t`Łączę Cię z konsultantem.`,

  'storeHours.askCity': (m) => m.t`O sklep w którym mieście pytasz?`,
  'storeHours.unknownCity': (m) =>
    m.t`Nie mam informacji o sklepie w mieście ${m.text('city')}. O które miasto chodzi?`,
  'storeHours.invalidDate': (m) =>
    m.t`Nie rozpoznaję tego dnia. O który dzień pytasz, na przykład o jutro albo o sobotę?`,
  'storeHours.open': (m) =>
    m.t`Sklep pod adresem ${m.text('address')} jest czynny ${m.when('date')} od ${m.clock('opens')} do ${m.clock('closes')}.`,
  'storeHours.closed': (m) =>
    m.has('nextOpenDate')
      ? m.t`Sklep pod adresem ${m.text('address')} jest ${m.when('date')} zamknięty. Otwieramy ponownie ${m.when('nextOpenDate')}, w godzinach ${hours(m)}.`
      : m.t`Sklep pod adresem ${m.text('address')} jest ${m.when('date')} zamknięty.`,

  'fallback.didNotUnderstand': (m) =>
    m.t`Przepraszam, nie rozumiem. Mogę sprawdzić zamówienie, Twoje punkty albo godziny otwarcia sklepu, umówić wizytę, wysłać SMS-em link do płatności lub połączyć Cię z konsultantem. W czym mogę pomóc?`,

  'news.order.shipped': (m) => {
    if (!m.has('expectedDelivery')) {
      return m.t`Dobra wiadomość: Twoje zamówienie ${m.digits('orderNumber')} zostało wysłane.`;
    }
    return m.daysAway('expectedDelivery') < 0
      ? m.t`Twoje zamówienie ${m.digits('orderNumber')} zostało wysłane. Miało dotrzeć ${m.when('expectedDelivery')} – przesyłka się opóźnia, ale jest już w drodze.`
      : m.t`Dobra wiadomość: Twoje zamówienie ${m.digits('orderNumber')} zostało wysłane i powinno dotrzeć ${m.when('expectedDelivery')}.`;
  },
  'news.order.out_for_delivery': (m) =>
    m.t`Kurier dostarczy dziś Twoje zamówienie ${m.digits('orderNumber')}.`,
  'news.order.delivered': (m) =>
    m.t`Twoje zamówienie ${m.digits('orderNumber')} zostało doręczone.`,
  'news.order.cancelled': (m) =>
    m.t`Twoje zamówienie ${m.digits('orderNumber')} zostało anulowane.`,
  'news.payment.received': (m) => {
    const amount =
      m.has('amount') && m.has('currency')
        ? m.t` w wysokości ${m.money('amount', 'currency', 'genitive')}`
        : '';
    return m.has('orderNumber')
      ? m.t`Otrzymaliśmy Twoją płatność${amount} za zamówienie ${m.digits('orderNumber')}. Dziękujemy!`
      : m.t`Otrzymaliśmy Twoją płatność${amount}. Dziękujemy!`;
  },
  'news.ticket.resolved': (m) =>
    m.t`Twoje zgłoszenie ${m.characters('ticketId')} zostało rozwiązane.`,
  'news.appointment.confirmed': (m) =>
    m.t`Twoja wizyta ${dayAtTime(m, 'start')} została potwierdzona.`,
  'news.appointment.cancelled': (m) => m.t`Twoja wizyta ${dayAtTime(m, 'start')} została odwołana.`,
  'identity.offerCode': (m) =>
    m.t`Jeśli nie masz PIN-u, ${m.typed ? 'napisz' : 'powiedz'} „kod”, a wyślemy Ci SMS-em jednorazowy kod.`,
  'identity.needPhone': (m) =>
    m.t`W tej sprawie mogę pomóc dopiero, gdy poznam numer telefonu przypisany do Twojego konta. ${m.typed ? 'Zaloguj się na naszej stronie' : 'Zadzwoń z tego numeru'} albo poproś o połączenie z konsultantem.`,
  'identity.codeSent': (m) =>
    m.t`Jeśli ten numer jest u nas zarejestrowany, właśnie wysłaliśmy na niego SMS z 6-cyfrowym kodem. ${m.typed ? 'Wpisz' : 'Podaj lub wpisz'} ten kod.`,
  'identity.codeFormat': (m) =>
    m.t`Kod ma 6 cyfr. ${m.typed ? 'Wpisz' : 'Podaj lub wpisz'} go jeszcze raz.`,
  'identity.wrongCode': (m) =>
    m.t`Ten kod się nie zgadza. ${m.plural('attemptsLeft', { one: 'Została jeszcze # próba.', few: 'Zostały jeszcze # próby.', many: 'Zostało jeszcze # prób.', other: 'Zostało jeszcze # próby.' })} ${m.typed ? 'Wpisz' : 'Podaj lub wpisz'} kod jeszcze raz.`,
  'identity.codeLimit': (m) =>
    m.t`Na ten numer wysłaliśmy już kilka kodów. Spróbuj ponownie później albo poproś o połączenie z konsultantem.`,
  'identity.smsCode': (m) =>
    m.t`Twój kod weryfikacyjny to ${m.text('code')}. Jest ważny przez 5 minut. Nikomu go nie podawaj.`,
  'payment.limitReached': (m) =>
    m.t`Niedawno wysłaliśmy Ci już kilka linków do płatności. Skorzystaj z jednego z nich albo poproś o połączenie z konsultantem.`,
  'appointment.limitReached': (m) =>
    m.t`Dziś umówiono już kilka wizyt na Twoje nazwisko. Aby umówić kolejną, poproś o połączenie z konsultantem.`,
  'common.jobGaveUp': (m) =>
    m.t`Przepraszam, nie udało mi się tego w porę załatwić. Czy połączyć Cię z konsultantem?`,
  'routing.confirmPaymentLink': (m) => m.t`Czy mam wysłać Ci SMS-em link do zapłaty za zamówienie?`,
  'routing.confirmAgent': (m) => m.t`Czy połączyć Cię z konsultantem?`,
  'routing.declined': (m) => m.t`Dobrze, w takim razie nie. W czym jeszcze mogę pomóc?`,
} satisfies Readonly<Record<MessageKey, Template>>;
