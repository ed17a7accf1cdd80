import { SignJWT } from 'jose';
import * as z from 'zod';
import { chatTokenSecret } from '#shared/channels/secrets.ts';

export interface ChatTokenRequest {
  /** E.164, already normalised. */
  readonly phone: string;
  readonly sub?: string | undefined;
  readonly ttlSeconds: number;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
}

/**
 * A customer token the local chat channel accepts: HS256 with the local
 * `switchboard/channels/chat-token` key, as the company's site would sign one after its own login.
 * `npm run chat-token` and the console both mint with this.
 */
export async function signChatToken(
  secrets: Readonly<Record<string, unknown>>,
  request: ChatTokenRequest,
): Promise<string> {
  const { hs256Key } = z.object({ hs256Key: z.string().min(32) }).parse(secrets[chatTokenSecret]);
  let token = new SignJWT({ phone_number: request.phone })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub ?? `customer:${request.phone}`)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds}s`);
  if (request.issuer) token = token.setIssuer(request.issuer);
  if (request.audience) token = token.setAudience(request.audience);
  return token.sign(new TextEncoder().encode(hs256Key));
}
