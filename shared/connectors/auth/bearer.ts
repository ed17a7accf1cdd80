import * as z from 'zod';
import { readCredential } from './secret.ts';
import type { AuthStrategy } from './types.ts';

const bearerSecret = z.object({ token: z.string().min(1) });

export const bearerAuth: AuthStrategy = {
  async authorize(request, context, { refresh }) {
    const { token } = await readCredential(context, bearerSecret, refresh);
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
  },
};
