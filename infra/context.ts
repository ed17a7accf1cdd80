/**
 * The CDK context a deployment is configured with (`-c key=value` or `cdk.json`), checked at
 * synth: a typo or a bad value stops `cdk synth` with one line naming the key, instead of a stack
 * that deploys and fails at 3 a.m.
 */
import * as z from 'zod';
import { webhookSourceCidrsSchema } from '#shared/webhooks/source-allow-list.ts';

/** Every key `infra/app.ts` reads; the README's Deploy table documents each. */
export const contextKeys = [
  'stackName',
  'partnerBaseUrls',
  'lexBot',
  'lexBotAliasArn',
  'connectInstanceArn',
  'connectQueueArn',
  'alarmEmail',
  'chatAllowedOrigins',
  'voiceReservedConcurrency',
  'queueMaxConcurrency',
  'canary',
  'webhookSourceCidrs',
] as const;

export type ContextKey = (typeof contextKeys)[number];

/** `-c key=value` arrives as a string; `cdk.json` can hold the JSON value itself. */
const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, schema);

const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean(),
);

const positiveInt = z.coerce.number().int().min(1);

const arn = (service: string, resource: string, example: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}$`),
      `must be an ARN like arn:aws:${service}:<region>:<account>:${example}`,
    );

const httpUrl = z.url({
  protocol: /^https?$/,
  hostname: z.regexes.domain,
  error: 'must be an http(s) URL like https://shop.example.com/api',
});

const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin like https://www.example.com (no path)');

export interface ContextOptions {
  /** Partner names the stack knows; `partnerBaseUrls` may only name these. */
  readonly partners: readonly string[];
  /** Queue names with an event source; `queueMaxConcurrency` may only name these. */
  readonly queues: readonly string[];
}

function contextSchema({ partners, queues }: ContextOptions) {
  return z
    .object({
      stackName: z
        .string()
        .regex(
          /^[A-Za-z][A-Za-z0-9-]{0,62}$/,
          'must start with a letter and hold only letters, digits and "-" (at most 63)',
        )
        .default('Switchboard'),
      partnerBaseUrls: json(
        z.record(
          z.string().refine((name) => partners.includes(name), {
            error: (issue) =>
              `unknown partner "${String(issue.input)}" (known: ${partners.join(', ')})`,
          }),
          httpUrl,
        ),
      ).optional(),
      lexBot: flag.default(false),
      lexBotAliasArn: arn(
        'lex',
        'bot-alias/[A-Z0-9]+/[A-Z0-9]+',
        'bot-alias/<botId>/<aliasId>',
      ).optional(),
      connectInstanceArn: arn('connect', 'instance/[0-9a-f-]+', 'instance/<id>').optional(),
      connectQueueArn: arn(
        'connect',
        'instance/[0-9a-f-]+/queue/[0-9a-f-]+',
        'instance/<id>/queue/<id>',
      ).optional(),
      alarmEmail: z.email().optional(),
      chatAllowedOrigins: json(
        z.union([z.array(origin).min(1), origin.transform((one) => [one])]),
      ).optional(),
      voiceReservedConcurrency: z
        .union([z.literal('none'), positiveInt])
        .default(20)
        .transform((value) => (value === 'none' ? undefined : value)),
      queueMaxConcurrency: json(
        z.record(
          z.string().refine((name) => queues.includes(name), {
            error: (issue) =>
              `unknown queue "${String(issue.input)}" (consumed queues: ${queues.join(', ')})`,
          }),
          // Lambda's bounds for an SQS event source's maximum concurrency.
          z.coerce.number().int().min(2).max(1000),
        ),
      ).optional(),
      canary: flag.default(true),
      webhookSourceCidrs: json(
        z.record(
          z.string().refine((name) => partners.includes(name), {
            error: (issue) =>
              `unknown partner "${String(issue.input)}" (known: ${partners.join(', ')})`,
          }),
          webhookSourceCidrsSchema.valueType,
        ),
      ).optional(),
    })
    .superRefine((context, problems) => {
      if (context.lexBot && context.lexBotAliasArn) {
        problems.addIssue({
          code: 'custom',
          path: ['lexBotAliasArn'],
          message: 'give either lexBot=true (the stack builds the bot) or an existing bot alias',
        });
      }
      if (context.connectInstanceArn && !context.connectQueueArn) {
        problems.addIssue({
          code: 'custom',
          path: ['connectQueueArn'],
          message: 'is needed with connectInstanceArn: the sample flow hands callers off to it',
        });
      }
      if (context.connectQueueArn && !context.connectInstanceArn) {
        problems.addIssue({
          code: 'custom',
          path: ['connectInstanceArn'],
          message: 'is needed with connectQueueArn',
        });
      }
      const instance = context.connectInstanceArn;
      if (
        instance &&
        context.connectQueueArn &&
        !context.connectQueueArn.startsWith(`${instance}/`)
      ) {
        problems.addIssue({
          code: 'custom',
          path: ['connectQueueArn'],
          message: 'must be a queue of connectInstanceArn',
        });
      }
    });
}

export type DeployContext = z.infer<ReturnType<typeof contextSchema>>;

/** Thrown with the one line a person fixing `-c key=value` needs. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
}

/**
 * Reads and checks the context. `read` returns a key's raw value (`app.node.tryGetContext`);
 * empty strings count as absent, so `-c alarmEmail=` switches a value off.
 */
export function readDeployContext(
  read: (key: ContextKey) => unknown,
  options: ContextOptions,
): DeployContext {
  const raw = Object.fromEntries(
    contextKeys.flatMap((key) => {
      const value = read(key);
      return value === undefined || value === null || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = contextSchema(options).safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  // A bad record key (an unknown partner) carries its own message one level down.
  const issue =
    first?.code === 'invalid_key' ? { ...first, ...first.issues[0], path: first.path } : first;
  const [key, ...rest] = issue?.path ?? [];
  const where = rest.length > 0 ? ` (${rest.map(String).join('.')})` : '';
  throw new ContextError(`Context value "${String(key)}"${where} ${issue?.message}`);
}
