import { SecretsProvider as PowertoolsSecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretNotFoundError, type SecretsProvider } from './secrets-provider.ts';

/** Cached per environment for at most five minutes, so a rotated secret is picked up soon. */
const maxSecretAgeSeconds = 300;

/**
 * Secrets Manager through Powertools: JSON secrets, cached in memory for `maxAgeSeconds`, and
 * re-fetched when the caller saw the credential rejected. Locally the SDK reaches the
 * runtime's emulation through `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 */
export function secretsManagerProvider(
  options: { readonly client?: SecretsManagerClient; readonly maxAgeSeconds?: number } = {},
): SecretsProvider {
  const maxAge = Math.min(options.maxAgeSeconds ?? maxSecretAgeSeconds, maxSecretAgeSeconds);
  const provider = new PowertoolsSecretsProvider(
    options.client ? { awsSdkV3Client: options.client } : {},
  );
  return {
    async get(name, { forceRefresh = false } = {}) {
      const value = await provider.get(name, {
        maxAge,
        forceFetch: forceRefresh,
        transform: 'json',
      });
      if (value === undefined) throw new SecretNotFoundError(`Secret ${name} has no value`);
      return value;
    },
  };
}
