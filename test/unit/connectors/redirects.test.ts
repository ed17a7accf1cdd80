/** Partner credentials never reach another origin through a redirect. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { callPartner } from '#shared/connectors/call-partner.ts';
import { defineConnector, defineOperation } from '#shared/connectors/types.ts';
import { definePartner } from '#shared/partners/define.ts';
import { testDeps } from './fakes.ts';

const keyed = definePartner({
  name: 'keyed',
  connector: defineConnector({
    auth: { kind: 'api-key', header: 'x-api-key' },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    breaker: { failureThreshold: 5, windowMs: 60_000, openMs: 60_000 },
    operations: {
      getItem: defineOperation({
        kind: 'rest',
        method: 'GET',
        input: z.object({ id: z.string() }),
        path: ({ id }) => `items/${id}`,
        response: z.object({ id: z.string() }),
        timeoutMs: 1000,
      }),
    },
  }),
});

describe('partner redirects', () => {
  it('are not followed: the answer is a misconfiguration and no request leaves for the other origin', async () => {
    const sent: {
      url: string;
      headers: Record<string, string>;
      redirect?: RequestInit['redirect'];
    }[] = [];
    // Behaves as fetch does: follows a redirect, headers and all, unless told `manual`.
    const fetchLike = (async (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = { ...(init.headers as Record<string, string>) };
      sent.push({ url: String(input), headers, ...(init.redirect && { redirect: init.redirect }) });
      const redirect = new Response(null, {
        status: 302,
        headers: { location: 'https://attacker.example/collect' },
      });
      if (init.redirect === 'manual') return redirect;
      sent.push({ url: 'https://attacker.example/collect', headers });
      return new Response('{"id":"1"}', { status: 200 });
    }) as typeof fetch;
    const { deps } = testDeps({
      partners: { keyed: keyed.connector },
      fetch: fetchLike,
      secrets: { 'switchboard/keyed/api': { apiKey: 'secret-key' } },
    });
    const result = await callPartner(deps, {
      partner: 'keyed',
      operation: 'getItem',
      input: { id: '1' },
      deadline: { at: Date.now() + 3000 },
      correlationId: 'corr-1',
    });
    expect(result).toMatchObject({ kind: 'failed', error: { code: 'misconfigured' } });
    expect(sent.map((request) => new URL(request.url).origin)).toEqual([
      'https://keyed.partner.test',
    ]);
  });
});
