import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { readCredential } from './secret.ts';
import type { AuthStrategy } from './types.ts';

const hmacSecret = z.object({ keyId: z.string().min(1), signingSecret: z.string().min(1) });

/**
 * What the payments partner verifies: method, path with query, Unix-seconds timestamp and the
 * raw body, one per line, HMAC-SHA256 in hex.
 */
function stringToSign(method: string, target: string, timestamp: string, body: string) {
  return `${method.toUpperCase()}\n${target}\n${timestamp}\n${body}`;
}

function sign(signingSecret: string, payload: string): string {
  return createHmac('sha256', signingSecret).update(payload).digest('hex');
}

export const hmacSignedAuth: AuthStrategy = {
  async authorize(request, context, { refresh }) {
    const { keyId, signingSecret } = await readCredential(context, hmacSecret, refresh);
    // Signed per attempt: a retry after a wait must not carry a stale timestamp.
    const timestamp = String(Math.floor(context.nowMs() / 1000));
    const target = `${request.url.pathname}${request.url.search}`;
    const signature = sign(
      signingSecret,
      stringToSign(request.method, target, timestamp, request.body ?? ''),
    );
    return {
      ...request,
      headers: {
        ...request.headers,
        'x-key-id': keyId,
        'x-timestamp': timestamp,
        'x-signature': signature,
      },
    };
  },
};
