/** `npm run demo-partner`: the demo partner on its own, without the rest of the local runtime. */
import { readFile } from 'node:fs/promises';
import type { LocalSecrets } from './credentials.ts';
import { defaultSettings, startDemoPartner } from './server.ts';

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

const secretsPath = new URL('../secrets.json', import.meta.url);
const secrets = JSON.parse(await readFile(secretsPath, 'utf8')) as LocalSecrets;
const partner = await startDemoPartner({
  port: integerFromEnv('DEMO_PARTNER_PORT', 3001),
  host: process.env.DEMO_PARTNER_HOST || '127.0.0.1',
  secrets,
  switchboardUrl: process.env.SWITCHBOARD_URL || 'http://127.0.0.1:3000',
  crmTokenTtlSeconds: integerFromEnv(
    'DEMO_PARTNER_CRM_TOKEN_TTL_SECONDS',
    defaultSettings.crmTokenTtlSeconds,
  ),
  bookingDelayMs: integerFromEnv('DEMO_PARTNER_BOOKING_DELAY_MS', defaultSettings.bookingDelayMs),
});
console.log(
  `demo partner ready on ${partner.url} (webhooks go to ${process.env.SWITCHBOARD_URL || 'http://127.0.0.1:3000'})`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    partner.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
