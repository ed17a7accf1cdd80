import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { calendarApiKey } from '../auth.ts';
import type { PartnerContext } from '../context.ts';
import {
  errorResponse,
  headerValue,
  json,
  notFound,
  type PartnerRequest,
  type PartnerResponse,
  parseJsonBody,
  parseQuery,
  phoneNumber,
} from '../http.ts';
import type { Appointment, PartnerData } from '../model.ts';
import type { Route } from '../router.ts';
import { slotIdFor } from '../seed.ts';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;
/** Opening hours in UTC: Monday–Saturday, one-hour slots starting 09:00 … 16:00. */
const firstSlotHour = 9;
const lastSlotHour = 16;
const advisors = ['Marta Nowak', 'James Lee'] as const;
const services = ['consultation', 'repair', 'return'] as const;

function isOpeningSlot(start: Date): boolean {
  const day = start.getUTCDay();
  const hour = start.getUTCHours();
  return (
    day !== 0 &&
    hour >= firstSlotHour &&
    hour <= lastSlotHour &&
    start.getUTCMinutes() === 0 &&
    start.getUTCSeconds() === 0 &&
    start.getUTCMilliseconds() === 0
  );
}

function advisorFor(start: Date): string {
  return advisors[start.getUTCHours() % advisors.length] as string;
}

function slotStartFromId(slotId: string): Date | undefined {
  const match = /^slot_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(slotId);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match;
  const start = new Date(`${year}-${month}-${day}T${hour}:${minute}:00.000Z`);
  return Number.isNaN(start.getTime()) ? undefined : start;
}

function isTaken(data: PartnerData, slotId: string): boolean {
  return [...data.appointments.values()].some(
    (appointment) => appointment.slotId === slotId && appointment.status !== 'cancelled',
  );
}

const slotsQuerySchema = z.object({
  date: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(14).default(7),
  service: z.enum(services).optional(),
});

function listSlots(req: PartnerRequest, ctx: PartnerContext): PartnerResponse {
  const query = parseQuery(req, slotsQuerySchema);
  if (!query.ok) return query.response;
  const now = ctx.now();
  const firstDay = query.value.date ?? now.toISOString().slice(0, 10);
  const slots = [];
  for (let dayIndex = 0; dayIndex < query.value.days; dayIndex += 1) {
    const dayStart = Date.parse(`${firstDay}T00:00:00.000Z`) + dayIndex * dayMs;
    for (let hour = firstSlotHour; hour <= lastSlotHour; hour += 1) {
      const start = new Date(dayStart + hour * hourMs);
      if (!isOpeningSlot(start) || start.getTime() <= now.getTime()) continue;
      const slotId = slotIdFor(start.toISOString());
      if (isTaken(ctx.state.data, slotId)) continue;
      slots.push({
        id: slotId,
        start: start.toISOString(),
        end: new Date(start.getTime() + hourMs).toISOString(),
        advisor: advisorFor(start),
      });
    }
  }
  return json(200, { timeZone: 'UTC', slots });
}

const createAppointmentSchema = z
  .object({
    slotId: z.string().optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    service: z.enum(services).default('consultation'),
    customer: z.object({
      name: z.string().trim().min(1).max(100),
      phone: phoneNumber,
      locale: z.string().max(35).optional(),
    }),
    notes: z.string().max(500).optional(),
  })
  .refine((body) => body.slotId !== undefined || body.start !== undefined, {
    message: 'give slotId (from GET /calendar/slots) or start',
    path: ['slotId'],
  });

async function book(req: PartnerRequest, ctx: PartnerContext): Promise<PartnerResponse> {
  const body = parseJsonBody(req, createAppointmentSchema);
  if (!body.ok) return body.response;
  const start = body.value.slotId
    ? slotStartFromId(body.value.slotId)
    : new Date(body.value.start as string);
  if (!start || !isOpeningSlot(start)) {
    return errorResponse(
      422,
      'invalid_slot',
      'That time is not a bookable slot; see GET /calendar/slots.',
    );
  }
  if (start.getTime() <= ctx.now().getTime()) {
    return errorResponse(422, 'slot_in_past', 'That slot has already started.');
  }
  const slotId = slotIdFor(start.toISOString());
  if (isTaken(ctx.state.data, slotId)) {
    return errorResponse(409, 'slot_unavailable', 'That slot was just booked by someone else.');
  }
  const createdAt = ctx.now().toISOString();
  const appointment: Appointment = {
    id: `apt_${randomBytes(8).toString('hex')}`,
    slotId,
    start: start.toISOString(),
    end: new Date(start.getTime() + hourMs).toISOString(),
    advisor: advisorFor(start),
    service: body.value.service,
    status: 'pending',
    customer: body.value.customer,
    notes: body.value.notes ?? null,
    createdAt,
    updatedAt: createdAt,
  };
  // Reserved before the slow part, so two concurrent requests cannot both get the slot.
  ctx.state.data.appointments.set(appointment.id, appointment);
  await sleep(ctx.settings.bookingDelayMs, undefined, { signal: ctx.signal });
  return json(201, structuredClone(appointment), {
    location: `/calendar/appointments/${appointment.id}`,
  });
}

/**
 * Same key and same body → the same outcome (waiting for it if it is still in flight);
 * same key with a different body → 422, as Stripe-style idempotency does.
 */
async function createAppointment(
  req: PartnerRequest,
  ctx: PartnerContext,
): Promise<PartnerResponse> {
  const key = headerValue(req, 'idempotency-key');
  if (key === undefined) return book(req, ctx);
  if (key.length === 0 || key.length > 255) {
    return errorResponse(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 1–255 characters.',
    );
  }
  const fingerprint = createHash('sha256').update(req.rawBody).digest('hex');
  const known = ctx.state.bookingsByIdempotencyKey.get(key);
  if (known) {
    if (known.fingerprint !== fingerprint) {
      return errorResponse(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request body.',
      );
    }
    const outcome = await known.outcome;
    return { ...outcome, headers: { ...outcome.headers, 'idempotent-replayed': 'true' } };
  }
  const outcome = book(req, ctx);
  ctx.state.bookingsByIdempotencyKey.set(key, { fingerprint, outcome });
  return outcome;
}

function findAppointment(req: PartnerRequest, ctx: PartnerContext) {
  return notFound(
    ctx.state.data.appointments.get(req.params.id ?? ''),
    'appointment_not_found',
    `No appointment ${req.params.id}.`,
  );
}

export const calendarRoutes: Route<PartnerContext>[] = [
  {
    method: 'GET',
    path: '/calendar/slots',
    operation: 'calendar.listSlots',
    auth: calendarApiKey,
    handle: listSlots,
  },
  {
    method: 'POST',
    path: '/calendar/appointments',
    operation: 'calendar.createAppointment',
    auth: calendarApiKey,
    handle: createAppointment,
  },
  {
    method: 'GET',
    path: '/calendar/appointments/{id}',
    operation: 'calendar.getAppointment',
    auth: calendarApiKey,
    handle(req, ctx) {
      const found = findAppointment(req, ctx);
      return found.ok ? json(200, structuredClone(found.value)) : found.response;
    },
  },
  {
    method: 'DELETE',
    path: '/calendar/appointments/{id}',
    operation: 'calendar.cancelAppointment',
    auth: calendarApiKey,
    handle(req, ctx) {
      const found = findAppointment(req, ctx);
      if (!found.ok) return found.response;
      const appointment = found.value;
      appointment.status = 'cancelled';
      appointment.updatedAt = ctx.now().toISOString();
      return json(200, structuredClone(appointment));
    },
  },
];
