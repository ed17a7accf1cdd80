/**
 * Secret names start with a prefix so that two stacks in one account (a staging and a production
 * stage) keep their secrets apart. The stack sets the variable below from its own name; locally,
 * and in the stack called `Switchboard`, it is `switchboard`.
 */
export const secretPrefixEnvVar = 'SWITCHBOARD_SECRET_PREFIX';
export const defaultSecretPrefix = 'switchboard';

/**
 * The name a default-prefixed secret (`switchboard/shop/api`) has under another prefix; names
 * outside the default prefix are not Switchboard's secrets and stay as they are.
 */
export function withSecretPrefix(name: string, prefix: string): string {
  const defaultStart = `${defaultSecretPrefix}/`;
  return name.startsWith(defaultStart) ? `${prefix}/${name.slice(defaultStart.length)}` : name;
}

const prefix = process.env[secretPrefixEnvVar] || defaultSecretPrefix;

/** `<prefix>/<path>`: the name this deployment's secret has. */
export const secretName = (path: string): string => `${prefix}/${path}`;
