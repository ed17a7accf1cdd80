import { type WebhookSecret, webhookSecretSchema } from './inbound.ts';

/** Reads one secret's JSON value; adapters cache (Powertools `getSecret` with `maxAge`). */
export type ReadSecret = (name: string) => Promise<unknown>;

/**
 * The webhook signing secrets of a partner (`switchboard/<partner>/webhooks`), validated so a
 * malformed secret fails loudly here rather than as a confusing signature mismatch.
 */
export function webhookSecrets(read: ReadSecret) {
  const load = async (name: string): Promise<WebhookSecret> =>
    webhookSecretSchema.parse(await read(name));
  return {
    inbound: async (name: string): Promise<readonly string[]> => (await load(name)).inbound,
    outbound: async (name: string): Promise<string> => (await load(name)).outbound,
  };
}
