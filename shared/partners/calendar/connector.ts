import * as z from 'zod';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { defaultBreaker, e164Phone, turnRetry } from '../common.ts';

const appointmentSchema = z.object({
  id: z.string(),
  slotId: z.string(),
  start: z.string(),
  end: z.string(),
  advisor: z.string(),
  service: z.string(),
  status: z.enum(['pending', 'confirmed', 'cancelled']),
});

export type CalendarAppointment = z.infer<typeof appointmentSchema>;

export const calendarConnector = defineConnector({
  auth: { kind: 'api-key', header: 'x-api-key' },
  retry: turnRetry,
  breaker: defaultBreaker,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  operations: {
    listSlots: defineOperation({
      kind: 'rest',
      method: 'GET',
      input: z.object({
        date: z.iso.date().optional(),
        days: z.number().int().min(1).max(14).optional(),
        service: z.enum(['consultation', 'repair', 'return']).optional(),
      }),
      path: (input) => {
        const query = new URLSearchParams();
        if (input.date) query.set('date', input.date);
        if (input.days) query.set('days', String(input.days));
        if (input.service) query.set('service', input.service);
        return `slots${query.size > 0 ? `?${query}` : ''}`;
      },
      response: z.object({
        timeZone: z.string(),
        slots: z.array(
          z.object({ id: z.string(), start: z.string(), end: z.string(), advisor: z.string() }),
        ),
      }),
      timeoutMs: 2000,
      cacheTtlMs: 10_000,
      deferrable: true,
    }),
    /**
     * Slow (seconds): usually finished by `job-worker`. The Idempotency-Key makes the worker's
     * repeat of a turn's timed-out POST return the same booking instead of a second one.
     */
    createAppointment: defineOperation({
      kind: 'rest',
      method: 'POST',
      idempotencyKey: true,
      input: z.object({
        slotId: z.string().min(1),
        service: z.enum(['consultation', 'repair', 'return']).optional(),
        // The locale comes back in the calendar's webhooks, so its SMS speak the caller's language.
        customer: z.object({
          name: z.string().min(1).max(100),
          phone: e164Phone,
          locale: z.string().max(35).optional(),
        }),
        notes: z.string().max(500).optional(),
      }),
      path: () => 'appointments',
      body: (input) => input,
      response: appointmentSchema,
      timeoutMs: 2000,
      jobTimeoutMs: 20_000,
      deferrable: true,
    }),
  },
});
