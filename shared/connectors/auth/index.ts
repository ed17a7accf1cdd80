import type { AuthSpec } from '../types.ts';
import { apiKeyAuth } from './api-key.ts';
import { basicAuth } from './basic.ts';
import { bearerAuth } from './bearer.ts';
import { hmacSignedAuth } from './hmac-signed.ts';
import { oauth2ClientCredentialsAuth } from './oauth2-client-credentials.ts';
import type { AuthStrategy } from './types.ts';

const noAuth: AuthStrategy = { authorize: async (request) => request };

const strategies = new WeakMap<AuthSpec, AuthStrategy>();

/** One strategy object per auth spec, so concurrent OAuth2 token requests are shared. */
export function authStrategyFor(spec: AuthSpec): AuthStrategy {
  let strategy = strategies.get(spec);
  if (!strategy) {
    strategy = createStrategy(spec);
    strategies.set(spec, strategy);
  }
  return strategy;
}

function createStrategy(spec: AuthSpec): AuthStrategy {
  switch (spec.kind) {
    case 'bearer':
      return bearerAuth;
    case 'api-key':
      return apiKeyAuth(spec.header);
    case 'oauth2-client-credentials':
      return oauth2ClientCredentialsAuth(spec.tokenPath, spec.scope);
    case 'hmac-signed':
      return hmacSignedAuth;
    case 'basic':
      return basicAuth;
    case 'none':
      return noAuth;
  }
}
