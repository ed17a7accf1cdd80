import type { Appointment, CrmCustomer, Order, PartnerData, ShopCustomer } from './model.ts';

const dayMs = 24 * 60 * 60 * 1000;
const hourMs = 60 * 60 * 1000;

/** A UTC calendar date `days` from `now`: "tomorrow" is relative to when the data was seeded. */
export function dateInDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * dayMs).toISOString().slice(0, 10);
}

function instant(now: Date, offsetMs: number): string {
  return new Date(now.getTime() + offsetMs).toISOString();
}

const seedPhones = { polish: '+48500100200', english: '+15555550123' } as const;

export const carriers = {
  DHL: (trackingNumber: string) =>
    `https://www.dhl.com/pl-en/home/tracking.html?tracking-id=${trackingNumber}`,
  UPS: (trackingNumber: string) => `https://www.ups.com/track?tracknum=${trackingNumber}`,
} as const;
export type Carrier = keyof typeof carriers;

function seedShopCustomers(): ShopCustomer[] {
  return [
    {
      id: 'cus_anna',
      name: 'Anna Kowalska',
      phone: seedPhones.polish,
      email: 'anna.kowalska@example.pl',
    },
    {
      id: 'cus_john',
      name: 'John Carter',
      phone: seedPhones.english,
      email: 'john.carter@example.com',
    },
  ];
}

function seedOrders(now: Date): Order[] {
  const pln = (amount: number) => ({ amount, currency: 'PLN' });
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  const warsaw = { city: 'Warszawa', postalCode: '00-950', country: 'PL' };
  const boston = { city: 'Boston', postalCode: '02108', country: 'US' };
  return [
    {
      orderNumber: '12345',
      status: 'shipped',
      customerId: 'cus_anna',
      placedAt: instant(now, -3 * dayMs),
      updatedAt: instant(now, -1 * dayMs),
      items: [
        { sku: 'KB-204', name: 'Wireless keyboard', quantity: 1, unitPrice: pln(24900) },
        { sku: 'MS-110', name: 'Ergonomic mouse', quantity: 1, unitPrice: pln(12900) },
      ],
      total: pln(37800),
      shippingAddress: warsaw,
      shipment: {
        carrier: 'DHL',
        trackingNumber: 'JJD000390012345',
        trackingUrl: carriers.DHL('JJD000390012345'),
        shippedAt: instant(now, -1 * dayMs),
        expectedDelivery: dateInDays(now, 1),
        deliveredAt: null,
      },
      cancellation: null,
    },
    {
      orderNumber: '10001',
      status: 'processing',
      customerId: 'cus_john',
      placedAt: instant(now, -5 * hourMs),
      updatedAt: instant(now, -4 * hourMs),
      items: [
        { sku: 'HP-900', name: 'Noise-cancelling headphones', quantity: 1, unitPrice: usd(19900) },
      ],
      total: usd(19900),
      shippingAddress: boston,
      shipment: null,
      cancellation: null,
    },
    {
      orderNumber: '99999',
      status: 'cancelled',
      customerId: 'cus_john',
      placedAt: instant(now, -10 * dayMs),
      updatedAt: instant(now, -9 * dayMs),
      items: [{ sku: 'CH-300', name: 'USB-C charger', quantity: 2, unitPrice: usd(2900) }],
      total: usd(5800),
      shippingAddress: boston,
      shipment: null,
      cancellation: { cancelledAt: instant(now, -9 * dayMs), reason: 'customer_request' },
    },
    {
      orderNumber: '20002',
      status: 'delivered',
      customerId: 'cus_anna',
      placedAt: instant(now, -8 * dayMs),
      updatedAt: instant(now, -5 * dayMs),
      items: [{ sku: 'LM-050', name: 'Desk lamp', quantity: 1, unitPrice: pln(15900) }],
      total: pln(15900),
      shippingAddress: warsaw,
      shipment: {
        carrier: 'DHL',
        trackingNumber: 'JJD000390020002',
        trackingUrl: carriers.DHL('JJD000390020002'),
        shippedAt: instant(now, -7 * dayMs),
        expectedDelivery: dateInDays(now, -5),
        deliveredAt: instant(now, -5 * dayMs),
      },
      cancellation: null,
    },
    {
      orderNumber: '30003',
      status: 'pending_payment',
      customerId: 'cus_anna',
      placedAt: instant(now, -2 * hourMs),
      updatedAt: instant(now, -2 * hourMs),
      items: [{ sku: 'BK-777', name: 'Laptop backpack', quantity: 1, unitPrice: pln(12900) }],
      total: pln(12900),
      shippingAddress: warsaw,
      shipment: null,
      cancellation: null,
    },
    {
      orderNumber: '40004',
      status: 'out_for_delivery',
      customerId: 'cus_john',
      placedAt: instant(now, -4 * dayMs),
      updatedAt: instant(now, -3 * hourMs),
      items: [{ sku: 'MN-270', name: '27" monitor', quantity: 1, unitPrice: usd(32900) }],
      total: usd(32900),
      shippingAddress: boston,
      shipment: {
        carrier: 'UPS',
        trackingNumber: '1Z999AA10123456784',
        trackingUrl: carriers.UPS('1Z999AA10123456784'),
        shippedAt: instant(now, -2 * dayMs),
        expectedDelivery: dateInDays(now, 0),
        deliveredAt: null,
      },
      cancellation: null,
    },
  ];
}

function seedCrmCustomers(now: Date): CrmCustomer[] {
  const updatedAt = instant(now, -20 * dayMs);
  return [
    {
      id: 'C-1001',
      name: 'Anna Kowalska',
      phone: seedPhones.polish,
      email: 'anna.kowalska@example.pl',
      locale: 'pl-PL',
      pin: '4321',
      loyalty: { points: 320, tier: 'silver', updatedAt },
    },
    {
      id: 'C-1002',
      name: 'John Carter',
      phone: seedPhones.english,
      email: 'john.carter@example.com',
      locale: 'en-US',
      pin: '2468',
      loyalty: { points: 85, tier: 'bronze', updatedAt },
    },
    {
      id: 'C-1003',
      name: 'Olga Ivanova',
      phone: '+79161234567',
      email: 'olga.ivanova@example.ru',
      locale: 'ru-RU',
      pin: '1357',
      loyalty: { points: 1500, tier: 'gold', updatedAt },
    },
    {
      id: 'C-1004',
      name: 'Li Wei',
      phone: '+8613800138000',
      email: 'li.wei@example.cn',
      locale: 'zh-CN',
      pin: '8642',
      loyalty: { points: 0, tier: 'bronze', updatedAt },
    },
  ];
}

/** Tomorrow 10:00 UTC, the same grid `calendar` offers slots on. */
function seedAppointment(now: Date): Appointment {
  const start = `${dateInDays(now, 1)}T10:00:00.000Z`;
  return {
    id: 'apt_seed_1001',
    slotId: slotIdFor(start),
    start,
    end: new Date(Date.parse(start) + hourMs).toISOString(),
    advisor: 'Marta Nowak',
    service: 'consultation',
    status: 'pending',
    customer: { name: 'John Carter', phone: seedPhones.english },
    notes: null,
    createdAt: instant(now, -1 * dayMs),
    updatedAt: instant(now, -1 * dayMs),
  };
}

/** `slot_20261122T0900Z` for a slot starting 2026-11-22 09:00 UTC. */
export function slotIdFor(startIso: string): string {
  const compact = startIso.slice(0, 16).replaceAll('-', '').replace(':', '');
  return `slot_${compact}Z`;
}

export function seedData(now: Date): PartnerData {
  const appointment = seedAppointment(now);
  const createdAt = instant(now, -2 * hourMs);
  return {
    shopCustomers: seedShopCustomers(),
    orders: new Map(seedOrders(now).map((order) => [order.orderNumber, order])),
    crmCustomers: new Map(seedCrmCustomers(now).map((customer) => [customer.id, customer])),
    appointments: new Map([[appointment.id, appointment]]),
    paymentLinks: new Map([
      [
        'plink_seed_30003',
        {
          id: 'plink_seed_30003',
          url: 'https://pay.demo-partner.example/l/plink_seed_30003',
          status: 'active',
          amount: 12900,
          currency: 'PLN',
          description: 'Order 30003',
          orderNumber: '30003',
          customerPhone: seedPhones.polish,
          createdAt,
          expiresAt: instant(now, 22 * hourMs),
          paidAt: null,
        },
      ],
    ]),
    smsMessages: new Map([
      [
        'SM00000000000000000000000000012345',
        {
          sid: 'SM00000000000000000000000000012345',
          from: 'DemoShop',
          to: seedPhones.polish,
          body: 'Twoje zamówienie 12345 zostało wysłane. / Your order 12345 has shipped.',
          segments: 2,
          status: 'sent',
          errorCode: null,
          createdAt: instant(now, -1 * dayMs),
          updatedAt: instant(now, -1 * dayMs),
        },
      ],
    ]),
    tickets: new Map([
      [
        'TCK-1001',
        {
          id: 'TCK-1001',
          subject: 'Damaged parcel',
          summary: 'Customer reports the charger box from order 99999 arrived crushed.',
          status: 'open',
          priority: 'normal',
          requester: { name: 'John Carter', phone: seedPhones.english, email: null },
          channel: 'voice',
          conversationId: null,
          tags: ['delivery'],
          assignee: 'support-tier-1',
          comments: [],
          createdAt: instant(now, -2 * dayMs),
          updatedAt: instant(now, -2 * dayMs),
        },
      ],
    ]),
    nextTicketNumber: 1002,
  };
}
