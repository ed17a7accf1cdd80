/** The partner's own records. Seeded by `seed.ts`, changed by API calls and emitted events. */

export interface Money {
  /** Minor units (cents, grosze), as payment APIs usually count. */
  amount: number;
  currency: string;
}

export const orderStatuses = [
  'pending_payment',
  'processing',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'returned',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
  shippedAt: string;
  /** A calendar date (YYYY-MM-DD, UTC). */
  expectedDelivery: string;
  deliveredAt: string | null;
}

export interface Order {
  orderNumber: string;
  status: OrderStatus;
  customerId: string;
  placedAt: string;
  updatedAt: string;
  items: { sku: string; name: string; quantity: number; unitPrice: Money }[];
  total: Money;
  shippingAddress: { city: string; postalCode: string; country: string };
  shipment: Shipment | null;
  cancellation: { cancelledAt: string; reason: string } | null;
}

export interface ShopCustomer {
  id: string;
  name: string;
  phone: string;
  email: string;
}

export interface CrmCustomer {
  id: string;
  name: string;
  phone: string;
  email: string;
  locale: string;
  pin: string;
  loyalty: { points: number; tier: 'bronze' | 'silver' | 'gold'; updatedAt: string };
}

const appointmentStatuses = ['pending', 'confirmed', 'cancelled'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

export interface Appointment {
  id: string;
  slotId: string;
  start: string;
  end: string;
  advisor: string;
  service: string;
  status: AppointmentStatus;
  /** `locale` is kept as the booking gave it and sent back in webhooks, like a real calendar. */
  customer: { name: string; phone: string; locale?: string };
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentLink {
  id: string;
  url: string;
  status: 'active' | 'paid' | 'expired';
  /** Minor units. */
  amount: number;
  currency: string;
  description: string;
  orderNumber: string | null;
  customerPhone: string | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
}

export const smsStatuses = ['queued', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export type SmsStatus = (typeof smsStatuses)[number];

export interface SmsMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  segments: number;
  status: SmsStatus;
  errorCode: number | null;
  createdAt: string;
  updatedAt: string;
}

export const ticketStatuses = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;

export interface Ticket {
  id: string;
  subject: string;
  summary: string;
  status: TicketStatus;
  priority: (typeof ticketPriorities)[number];
  requester: { name: string | null; phone: string | null; email: string | null };
  channel: string | null;
  conversationId: string | null;
  tags: string[];
  assignee: string | null;
  comments: { author: string; body: string; createdAt: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface PartnerData {
  shopCustomers: ShopCustomer[];
  orders: Map<string, Order>;
  crmCustomers: Map<string, CrmCustomer>;
  appointments: Map<string, Appointment>;
  paymentLinks: Map<string, PaymentLink>;
  smsMessages: Map<string, SmsMessage>;
  tickets: Map<string, Ticket>;
  nextTicketNumber: number;
}
