import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { staticBearer } from '../auth.ts';
import type { PartnerContext } from '../context.ts';
import { json, notFound, parseJsonBody, phoneNumber } from '../http.ts';
import type { SmsMessage } from '../model.ts';
import type { Route } from '../router.ts';

const smsAuth = staticBearer('sms', (ctx) => ctx.credentials.sms.api.token);

const sendSmsSchema = z.object({
  to: phoneNumber,
  body: z.string().min(1).max(1600),
  /** An alphanumeric sender id or an E.164 number, as carriers allow. */
  from: z
    .string()
    .regex(/^([A-Za-z0-9 ]{1,11}|\+[1-9]\d{6,14})$/, 'an alphanumeric sender id (≤ 11) or E.164')
    .default('DemoShop'),
});

/** GSM-7 fits 160 characters (153 per part); anything else is UCS-2 with 70 (67). */
function segmentCount(text: string): number {
  const gsm = /^[\x20-\x7E\n\r]*$/.test(text);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const length = [...text].length;
  return length <= single ? 1 : Math.ceil(length / multi);
}

export const smsRoutes: Route<PartnerContext>[] = [
  {
    method: 'POST',
    path: '/sms/messages',
    operation: 'sms.send',
    auth: smsAuth,
    handle(req, ctx) {
      const body = parseJsonBody(req, sendSmsSchema);
      if (!body.ok) return body.response;
      const now = ctx.now().toISOString();
      const message: SmsMessage = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        from: body.value.from,
        to: body.value.to,
        body: body.value.body,
        segments: segmentCount(body.value.body),
        status: 'queued',
        errorCode: null,
        createdAt: now,
        updatedAt: now,
      };
      ctx.state.data.smsMessages.set(message.sid, message);
      return json(201, structuredClone(message));
    },
  },
  {
    method: 'GET',
    path: '/sms/messages/{sid}',
    operation: 'sms.getMessage',
    auth: smsAuth,
    handle(req, ctx) {
      const found = notFound(
        ctx.state.data.smsMessages.get(req.params.sid ?? ''),
        'message_not_found',
        `No message ${req.params.sid}.`,
      );
      return found.ok ? json(200, structuredClone(found.value)) : found.response;
    },
  },
];
