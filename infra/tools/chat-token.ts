/**
 * `npm run chat-token -- --phone <E.164> [--sub <customer id>] [--ttl <seconds>]
 *   [--secrets-file <path>]`
 *
 * Prints a customer token the local runtime's chat channel accepts: HS256 with the key in
 * `infra/local/secrets.json` (`switchboard/channels/chat-token`), as the company's site would
 * sign one after its own login. `CHAT_TOKEN_ISSUER` / `CHAT_TOKEN_AUDIENCE` are added when set.
 */
import { parseArgs } from 'node:util';
import { signChatToken } from '#infra/local/chat-token.ts';
import { readLocalSecrets } from '#infra/local/config.ts';
import { normalizePhone } from '#shared/channels/phone.ts';

const { values } = parseArgs({
  options: {
    phone: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
    'secrets-file': {
      type: 'string',
      default: new URL('../local/secrets.json', import.meta.url).pathname,
    },
  },
});

const phone = normalizePhone(values.phone);
const ttlSeconds = Number(values.ttl);
if (phone === undefined || !Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
  console.error(
    'usage: npm run chat-token -- --phone <E.164, e.g. +48500100200> [--sub <id>] [--ttl <seconds>]',
  );
  process.exit(2);
}

console.log(
  await signChatToken(readLocalSecrets(values['secrets-file']), {
    phone,
    sub: values.sub,
    ttlSeconds,
    issuer: process.env.CHAT_TOKEN_ISSUER,
    audience: process.env.CHAT_TOKEN_AUDIENCE,
  }),
);
