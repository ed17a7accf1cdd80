import * as z from 'zod';
import { readCredential } from './secret.ts';
import type { AuthStrategy } from './types.ts';

const apiKeySecret = z.object({ apiKey: z.string().min(1) });

export function apiKeyAuth(header: string): AuthStrategy {
  return {
    async authorize(request, context, { refresh }) {
      const { apiKey } = await readCredential(context, apiKeySecret, refresh);
      return { ...request, headers: { ...request.headers, [header.toLowerCase()]: apiKey } };
    },
  };
}
