/**
 * Per-partner source-IP allow-lists for `POST /webhooks/{partner}`: for a partner that publishes
 * the addresses it sends from, anything else is refused before a byte of the body is looked at.
 * A partner without a list accepts any source (its signature is still checked).
 */
import { BlockList, isIP } from 'node:net';
import * as z from 'zod';

/** `WEBHOOK_SOURCE_CIDRS`: JSON `{ "<partner>": ["203.0.113.0/24", "2001:db8::/32"] }`. */
export const webhookSourceCidrsEnvVar = 'WEBHOOK_SOURCE_CIDRS';

const cidr = z.string().refine(
  (value) => {
    const [address = '', prefix = '', extra] = value.split('/');
    const family = isIP(address);
    const bits = Number(prefix);
    return (
      extra === undefined &&
      family !== 0 &&
      /^\d{1,3}$/.test(prefix) &&
      bits <= (family === 4 ? 32 : 128)
    );
  },
  { error: (issue) => `"${String(issue.input)}" is not a CIDR block like 203.0.113.0/24` },
);

export const webhookSourceCidrsSchema = z.record(z.string(), z.array(cidr).min(1));
export type WebhookSourceCidrs = z.infer<typeof webhookSourceCidrsSchema>;

/** Whether `sourceIp` may deliver `partner`'s webhooks. */
export type SourceCheck = (partner: string, sourceIp: string | undefined) => boolean;

export function sourceAllowList(cidrsByPartner: WebhookSourceCidrs): SourceCheck {
  const lists = new Map<string, BlockList>();
  for (const [partner, cidrs] of Object.entries(cidrsByPartner)) {
    const list = new BlockList();
    for (const block of cidrs) {
      const [address = '', prefix = ''] = block.split('/');
      list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
    }
    lists.set(partner, list);
  }
  return (partner, sourceIp) => {
    const list = lists.get(partner);
    if (!list) return true;
    const family = sourceIp === undefined ? 0 : isIP(sourceIp);
    if (family === 0 || sourceIp === undefined) return false;
    return list.check(sourceIp, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** Read at start: a bad value stops the function with the variable's name, never later. */
export function webhookSourceCidrsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): WebhookSourceCidrs {
  const raw = env[webhookSourceCidrsEnvVar];
  if (raw === undefined || raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${webhookSourceCidrsEnvVar} must be JSON: { "<partner>": ["<CIDR>", …] }`);
  }
  const parsed = webhookSourceCidrsSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${webhookSourceCidrsEnvVar}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
