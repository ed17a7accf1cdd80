import * as z from 'zod';
import { ticketsBasicAuth } from '../auth.ts';
import type { PartnerContext } from '../context.ts';
import { json, notFound, parseJsonBody, phoneNumber } from '../http.ts';
import { type Ticket, ticketPriorities } from '../model.ts';
import type { Route } from '../router.ts';

const createTicketSchema = z.object({
  subject: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(10_000),
  priority: z.enum(ticketPriorities).default('normal'),
  requester: z
    .object({
      name: z.string().max(100).optional(),
      phone: phoneNumber.optional(),
      email: z.email().optional(),
    })
    .default({}),
  channel: z.string().max(50).optional(),
  conversationId: z.string().max(200).optional(),
  tags: z.array(z.string().min(1).max(50)).max(20).default([]),
});

export const ticketRoutes: Route<PartnerContext>[] = [
  {
    method: 'POST',
    path: '/tickets/tickets',
    operation: 'tickets.create',
    auth: ticketsBasicAuth,
    handle(req, ctx) {
      const body = parseJsonBody(req, createTicketSchema);
      if (!body.ok) return body.response;
      const data = ctx.state.data;
      const now = ctx.now().toISOString();
      const ticket: Ticket = {
        id: `TCK-${data.nextTicketNumber}`,
        subject: body.value.subject,
        summary: body.value.summary,
        status: 'new',
        priority: body.value.priority,
        requester: {
          name: body.value.requester.name ?? null,
          phone: body.value.requester.phone ?? null,
          email: body.value.requester.email ?? null,
        },
        channel: body.value.channel ?? null,
        conversationId: body.value.conversationId ?? null,
        tags: body.value.tags,
        assignee: null,
        comments: [],
        createdAt: now,
        updatedAt: now,
      };
      data.nextTicketNumber += 1;
      data.tickets.set(ticket.id, ticket);
      return json(201, structuredClone(ticket), { location: `/tickets/tickets/${ticket.id}` });
    },
  },
  {
    method: 'GET',
    path: '/tickets/tickets/{id}',
    operation: 'tickets.get',
    auth: ticketsBasicAuth,
    handle(req, ctx) {
      const found = notFound(
        ctx.state.data.tickets.get(req.params.id ?? ''),
        'ticket_not_found',
        `No ticket ${req.params.id}.`,
      );
      return found.ok ? json(200, structuredClone(found.value)) : found.response;
    },
  },
];
