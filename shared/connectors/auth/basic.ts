import * as z from 'zod';
import { readCredential } from './secret.ts';
import type { AuthStrategy } from './types.ts';

const basicSecret = z.object({ username: z.string().min(1), password: z.string().min(1) });

export const basicAuth: AuthStrategy = {
  async authorize(request, context, { refresh }) {
    const { username, password } = await readCredential(context, basicSecret, refresh);
    const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    return { ...request, headers: { ...request.headers, authorization: `Basic ${encoded}` } };
  },
};
