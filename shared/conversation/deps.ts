import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { PartnerDeps } from '#shared/connectors/call-partner.ts';
import { defaultBusinessTimeZone } from '#shared/i18n/dates.ts';
import { hasMessage, render } from '#shared/i18n/render.ts';
import { identityLimitsFrom } from '#shared/identity/limits.ts';
import { newSixDigitCode } from '#shared/identity/verification.ts';
import { matchIntent, readSlot, sensitiveSlots, skills } from '#shared/skills/index.ts';
import { conversationStore } from '#shared/state/conversation-store.ts';
import { jobStore } from '#shared/state/job-store.ts';
import { verificationStore } from '#shared/state/verification-store.ts';
import type { EngineDeps, EngineLog } from './engine.ts';
import { sqsOutbound } from './outbound.ts';

export interface EngineDepsOptions {
  readonly dynamo: DynamoDBClient;
  /** ConversationState: sessions, profiles, news, job records. */
  readonly tableName: string;
  readonly sqs: SQSClient;
  /** Built once with `makePartnerDeps` (with `sqs` and the jobs queue, so slow calls become jobs). */
  readonly partners: PartnerDeps;
  readonly log: EngineLog;
  /**
   * `OUTBOUND_QUEUE_URL` (required), `BUSINESS_TIME_ZONE` (IANA, default Europe/Warsaw) and
   * `VERIFICATION_TTL_SECONDS` (how long a PIN or code check holds, default 900).
   */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real dependencies of `handleTurn`, built once per Lambda environment. */
export function makeEngineDeps(options: EngineDepsOptions): EngineDeps {
  const outboundQueueUrl = options.env.OUTBOUND_QUEUE_URL;
  if (!outboundQueueUrl) throw new Error('conversation engine: OUTBOUND_QUEUE_URL is not set');
  return {
    store: conversationStore({
      dynamo: options.dynamo,
      tableName: options.tableName,
      log: options.log,
    }),
    jobs: jobStore({ dynamo: options.dynamo, tableName: options.tableName }),
    outbound: sqsOutbound(options.sqs, outboundQueueUrl),
    partners: options.partners,
    skills,
    matchIntent,
    readSlot,
    sensitiveSlots,
    verification: {
      store: verificationStore({ dynamo: options.dynamo, tableName: options.tableName }),
      limits: identityLimitsFrom(options.env),
      newCode: newSixDigitCode,
    },
    render,
    hasMessage,
    timeZone: options.env.BUSINESS_TIME_ZONE ?? defaultBusinessTimeZone,
    now: Date.now,
    log: options.log,
  };
}
