/** `npm run demo-partner`: the demo partner on its own, without the rest of the local runtime. */
import { readFile } from 'node:fs/promises';
import type { LocalSecrets } from './credentials.ts';
import { startDemoPartner } from './server.ts';

function portFromEnv(): number {
  const raw = process.env.DEMO_PARTNER_PORT;
  if (raw === undefined || raw === '') return 3001;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`DEMO_PARTNER_PORT must be a port number, got "${raw}"`);
  }
  return port;
}

// Token lifetime and booking delay come from DEMO_PARTNER_CRM_TOKEN_TTL_SECONDS and
// DEMO_PARTNER_BOOKING_DELAY_MS, read by startDemoPartner itself.
const secretsPath = new URL('../secrets.json', import.meta.url);
const secrets = JSON.parse(await readFile(secretsPath, 'utf8')) as LocalSecrets;
const switchboardUrl = process.env.SWITCHBOARD_URL || 'http://127.0.0.1:3000';
const partner = await startDemoPartner({
  port: portFromEnv(),
  host: process.env.DEMO_PARTNER_HOST || '127.0.0.1',
  secrets,
  switchboardUrl,
});
console.log(`demo partner ready on ${partner.url} (webhooks go to ${switchboardUrl})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    partner.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
