import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { paymentsSignature } from '../auth.ts';
import type { PartnerContext } from '../context.ts';
import { json, notFound, parseJsonBody, phoneNumber } from '../http.ts';
import type { PaymentLink } from '../model.ts';
import type { Route } from '../router.ts';

const createPaymentLinkSchema = z.object({
  amount: z.number().int().positive().max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as PLN'),
  description: z.string().trim().min(1).max(200),
  orderNumber: z
    .string()
    .regex(/^\d{3,12}$/)
    .optional(),
  customerPhone: phoneNumber.optional(),
  expiresInMinutes: z.number().int().min(5).max(10_080).default(1440),
});

export const paymentRoutes: Route<PartnerContext>[] = [
  {
    method: 'POST',
    path: '/payments/payment-links',
    operation: 'payments.createPaymentLink',
    auth: paymentsSignature,
    handle(req, ctx) {
      const body = parseJsonBody(req, createPaymentLinkSchema);
      if (!body.ok) return body.response;
      const now = ctx.now();
      const id = `plink_${randomBytes(10).toString('hex')}`;
      const link: PaymentLink = {
        id,
        url: `https://pay.demo-partner.example/l/${id}`,
        status: 'active',
        amount: body.value.amount,
        currency: body.value.currency,
        description: body.value.description,
        orderNumber: body.value.orderNumber ?? null,
        customerPhone: body.value.customerPhone ?? null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + body.value.expiresInMinutes * 60_000).toISOString(),
        paidAt: null,
      };
      ctx.state.data.paymentLinks.set(id, link);
      return json(201, structuredClone(link));
    },
  },
  {
    method: 'GET',
    path: '/payments/payment-links/{id}',
    operation: 'payments.getPaymentLink',
    auth: paymentsSignature,
    handle(req, ctx) {
      const found = notFound(
        ctx.state.data.paymentLinks.get(req.params.id ?? ''),
        'payment_link_not_found',
        `No payment link ${req.params.id}.`,
      );
      return found.ok ? json(200, structuredClone(found.value)) : found.response;
    },
  },
];
