import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** Everything `npm start` can be told through the environment (documented in the README). */
const localConfigSchema = z.object({
  SWITCHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  SWITCHBOARD_PORT: port(3000),
  DYNAMODB_LOCAL_PORT: port(8000),
  SQS_LOCAL_PORT: port(9324),
  DEMO_PARTNER_PORT: port(3001),
  SWITCHBOARD_SECRETS_FILE: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('./secrets.json', import.meta.url))),
});

export type LocalConfig = z.infer<typeof localConfigSchema>;

export function readLocalConfig(env: NodeJS.ProcessEnv): LocalConfig {
  const parsed = localConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

const secretsFileSchema = z.record(z.string(), z.unknown());

/** Reads the local secret values, keyed by the secret names the stack creates. */
export function readLocalSecrets(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `Cannot read the local secrets file ${file}: set SWITCHBOARD_SECRETS_FILE or restore it from git.`,
    );
  }
  const parsed = secretsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} must be a JSON object keyed by secret name`);
  return parsed.data;
}
