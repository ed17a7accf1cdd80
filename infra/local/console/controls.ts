/**
 * The console's buttons, as the demo partner `/_control/` calls they stand for. Kept here rather
 * than in the page so the page only names what it wants.
 */
import * as z from 'zod';

const systems = ['shop', 'crm', 'calendar', 'payments', 'sms', 'tickets'] as const;

export const controlRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('slow'), system: z.enum(systems), latencyMs: z.number().int() }),
  z.object({ action: z.literal('down'), system: z.enum(systems) }),
  z.object({ action: z.literal('clear-faults') }),
  z.object({ action: z.literal('ship'), orderNumber: z.string().regex(/^\d{5}$/) }),
  z.object({ action: z.literal('pay'), paymentLinkId: z.string().min(1).max(64) }),
  z.object({ action: z.literal('confirm'), appointmentId: z.string().min(1).max(64) }),
  z.object({ action: z.literal('tampered') }),
  z.object({ action: z.literal('replayed') }),
  z.object({ action: z.literal('reset') }),
]);
export type ControlRequest = z.infer<typeof controlRequestSchema>;

export interface PartnerControl {
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
}

/** The seeded order `12345` shipped again: a real-looking delivery that changes nothing, to copy badly. */
const shopEvent = {
  system: 'shop',
  type: 'order.status_changed',
  data: { orderNumber: '12345', status: 'shipped', carrier: 'DHL' },
};

export function toPartnerControl(request: ControlRequest): PartnerControl {
  switch (request.action) {
    case 'slow':
      // The turn's first attempt and its retry: the turn goes pending, and the job's call gets through.
      return {
        method: 'POST',
        path: 'faults',
        body: { target: request.system, latencyMs: request.latencyMs, count: 2 },
      };
    case 'down':
      return { method: 'POST', path: 'faults', body: { target: request.system, status: 503 } };
    case 'clear-faults':
      return { method: 'DELETE', path: 'faults' };
    case 'ship':
      return {
        method: 'POST',
        path: 'emit',
        body: {
          system: 'shop',
          type: 'order.status_changed',
          data: { orderNumber: request.orderNumber, status: 'shipped', carrier: 'DHL' },
        },
      };
    case 'pay':
      return {
        method: 'POST',
        path: 'emit',
        body: {
          system: 'payments',
          type: 'payment.completed',
          data: { paymentLinkId: request.paymentLinkId },
        },
      };
    case 'confirm':
      return {
        method: 'POST',
        path: 'emit',
        body: {
          system: 'calendar',
          type: 'appointment.confirmed',
          data: { appointmentId: request.appointmentId },
        },
      };
    case 'tampered':
      return { method: 'POST', path: 'emit', body: { ...shopEvent, tamper: true } };
    case 'replayed':
      return {
        method: 'POST',
        path: 'emit',
        body: { ...shopEvent, duplicates: 1, replayWithNewIds: true },
      };
    case 'reset':
      return { method: 'POST', path: 'reset' };
  }
}
