/**
 * `/_control/*`: test and benchmark hooks. These routes are never faulted nor counted, and
 * need no credentials (the demo partner only listens on loopback by default).
 */
import * as z from 'zod';
import type { PartnerContext } from './context.ts';
import { systemNames } from './credentials.ts';
import { emitWebhook } from './emit.ts';
import { faultSpecSchema } from './faults.ts';
import { errorResponse, json, parseJsonBody, parseQuery } from './http.ts';
import type { Route } from './router.ts';

/** Changes last until reset; new CRM tokens get the new lifetime, issued ones keep theirs. */
const settingsPatchSchema = z.strictObject({
  crmTokenTtlSeconds: z.number().int().min(1).max(86_400).optional(),
  bookingDelayMs: z.number().int().min(0).max(600_000).optional(),
});

export function controlRoutes(knownOperations: readonly string[]): Route<PartnerContext>[] {
  const knownTargets = new Set<string>([...systemNames, ...knownOperations]);
  return [
    {
      method: 'GET',
      path: '/_control/health',
      operation: 'control.health',
      auth: 'none',
      handle: () => json(200, { ok: true }),
    },
    {
      method: 'POST',
      path: '/_control/faults',
      operation: 'control.addFault',
      auth: 'none',
      handle(req, ctx) {
        const body = parseJsonBody(req, faultSpecSchema);
        if (!body.ok) return body.response;
        if (!knownTargets.has(body.value.target)) {
          // A typo would otherwise be a fault that silently never fires.
          return errorResponse(
            422,
            'unknown_target',
            `No system or operation "${body.value.target}".`,
            {
              details: { targets: [...knownTargets].sort() },
            },
          );
        }
        return json(201, { fault: ctx.state.faults.add(body.value) });
      },
    },
    {
      method: 'GET',
      path: '/_control/faults',
      operation: 'control.listFaults',
      auth: 'none',
      handle: (_req, ctx) => json(200, { faults: ctx.state.faults.list() }),
    },
    {
      method: 'DELETE',
      path: '/_control/faults',
      operation: 'control.clearFaults',
      auth: 'none',
      handle(req, ctx) {
        const target = req.query.get('target') ?? undefined;
        return json(200, { cleared: ctx.state.faults.clear(target) });
      },
    },
    {
      method: 'GET',
      path: '/_control/settings',
      operation: 'control.settings',
      auth: 'none',
      handle: (_req, ctx) => json(200, ctx.settings),
    },
    {
      method: 'PATCH',
      path: '/_control/settings',
      operation: 'control.changeSettings',
      auth: 'none',
      handle(req, ctx) {
        const body = parseJsonBody(req, settingsPatchSchema);
        if (!body.ok) return body.response;
        Object.assign(ctx.settings, body.value);
        return json(200, ctx.settings);
      },
    },
    {
      method: 'GET',
      path: '/_control/calls',
      operation: 'control.calls',
      auth: 'none',
      handle(_req, ctx) {
        // Every known operation is listed, zeros included, so a missing key is never ambiguous.
        const calls: Record<string, number> = {};
        for (const operation of [...knownOperations].sort()) calls[operation] = 0;
        for (const [operation, count] of ctx.state.calls) calls[operation] = count;
        return json(200, calls);
      },
    },
    {
      method: 'POST',
      path: '/_control/emit',
      operation: 'control.emit',
      auth: 'none',
      handle: emitWebhook,
    },
    {
      method: 'GET',
      path: '/_control/received',
      operation: 'control.received',
      auth: 'none',
      handle(req, ctx) {
        const query = parseQuery(req, z.object({ system: z.enum(systemNames).optional() }));
        if (!query.ok) return query.response;
        const { system } = query.value;
        return json(
          200,
          ctx.state.received.filter((record) => system === undefined || record.system === system),
        );
      },
    },
    {
      method: 'GET',
      path: '/_control/sms',
      operation: 'control.sms',
      auth: 'none',
      handle: (_req, ctx) => json(200, [...ctx.state.data.smsMessages.values()]),
    },
    {
      method: 'POST',
      path: '/_control/reset',
      operation: 'control.reset',
      auth: 'none',
      handle(_req, ctx) {
        ctx.state.reset(ctx.now());
        Object.assign(ctx.settings, ctx.initialSettings);
        return json(200, { reset: true });
      },
    },
  ];
}
