import type { DispatchDeps } from './dispatch.ts';

/**
 * One delivery attempt over HTTP. Redirects are not followed (a webhook sender must not), and the
 * body is discarded unread: only the status and `Retry-After` decide what happens next.
 */
export function httpPost(options: {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}): DispatchDeps['post'] {
  return async (url, headers, body) => {
    const response = await options.fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, ...(retryAfter ? { retryAfter } : {}) };
  };
}
