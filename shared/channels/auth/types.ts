import type { Principal } from '../adapter.ts';

/** Lower-case header names, as API Gateway's payload 2.0 delivers them. */
export type RequestHeaders = Readonly<Record<string, string | undefined>>;

/**
 * `principal` absent: no credentials, which the channel may allow. A refusal is logged with its
 * `problem` (never the credential) and answered 401 with `challenge` as `WWW-Authenticate`.
 */
export type Authentication =
  | { readonly ok: true; readonly principal?: Principal }
  | { readonly ok: false; readonly problem: string; readonly challenge: string };

export type Authenticator = (headers: RequestHeaders) => Promise<Authentication>;

export const bearerToken = (headers: RequestHeaders): string | undefined =>
  /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(headers.authorization ?? '')?.[1];
