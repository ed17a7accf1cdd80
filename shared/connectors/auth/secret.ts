import type * as z from 'zod';
import { PartnerCallError } from '../errors.ts';
import type { AuthContext } from './types.ts';

/** Reads and validates a credential secret; a malformed one is a configuration error. */
export async function readCredential<T>(
  context: AuthContext,
  schema: z.ZodType<T>,
  refresh: boolean,
): Promise<T> {
  let raw: unknown;
  try {
    raw = await context.secrets.get(context.secretName, { forceRefresh: refresh });
  } catch (error) {
    throw new PartnerCallError(
      'misconfigured',
      `Cannot read the credentials of ${context.partner} (${(error as Error).name})`,
      { cause: error },
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    // Only field names: the values are the secret.
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new PartnerCallError(
      'misconfigured',
      `The credentials of ${context.partner} are malformed (${fields})`,
    );
  }
  return parsed.data;
}
