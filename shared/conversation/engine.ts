/**
 * The conversation engine: one `Turn` in, one `Reply` out, whatever the channel. A turn reads
 * the session and the caller's profile once, speaks finished jobs and news before anything
 * else, runs one skill, and writes once. What the skill decided is kept as data
 * (`TurnChanges`), so a write that loses an optimistic-lock race is re-applied to a fresh read
 * without running the skill (and its partner calls) again.
 */
import type { PartnerDeps } from '#shared/connectors/call-partner.ts';
import type { MessageKey } from '#shared/i18n/index.ts';
import type { RenderOptions } from '#shared/i18n/render.ts';
import { sessionScope } from '#shared/identity/policy.ts';
import type { VerificationDeps } from '#shared/identity/verification.ts';
import type { JobStore } from '#shared/jobs/job.ts';
import { continueDialog } from './dialog-state.ts';
import { errorName, logFields } from './log-fields.ts';
import type { OutboundPort } from './outbound.ts';
import type { ConversationKey, ConversationStore } from './state.ts';
import { applyChanges, type TurnChanges } from './turn-changes.ts';
import { engineMessages, TurnWork } from './turn-work.ts';
import type { Locale, MessageRef, Reply, Skill, Speech, Turn } from './types.ts';

export type SkillRegistry = Readonly<Record<string, Skill>>;

export interface IntentMatch {
  readonly intent: string;
  /** Slot values recognised in the text. */
  readonly slots?: Readonly<Record<string, string>>;
  /** Nothing in the text is foreign to the skill: enough to reach one with a side effect. */
  readonly clear: boolean;
}

/** A free-text answer to a slot question; `shaped` when it has the slot's own form. */
export type SlotReader = (
  slot: string,
  text: string,
) => { readonly value: string; readonly shaped: boolean } | undefined;

export type IntentMatcher = (
  text: string,
  locale: Locale,
  skills: SkillRegistry,
) => IntentMatch | undefined;

/** `shared/i18n/render.ts`'s `render`: never throws, falls back to English, then an apology. */
export type Renderer = (locale: Locale, ref: MessageRef, options: RenderOptions) => Speech;

export interface EngineLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export interface EngineDeps {
  readonly store: ConversationStore;
  readonly jobs: Pick<JobStore, 'get'>;
  readonly outbound: OutboundPort;
  readonly partners: PartnerDeps;
  readonly skills: SkillRegistry;
  readonly matchIntent: IntentMatcher;
  readonly readSlot: SlotReader;
  /** Slots (the PIN, a one-time code) that are never remembered nor written back. */
  readonly sensitiveSlots: ReadonlySet<string>;
  /** Attempt counts, one-time codes and side-effect quotas, with their limits. */
  readonly verification: VerificationDeps;
  readonly render: Renderer;
  /** Whether the catalog can word a key: news of a kind it cannot is dropped, not apologised for. */
  readonly hasMessage: (key: string) => key is MessageKey;
  /** The business's time zone, for dates and opening hours in replies. */
  readonly timeZone: string;
  readonly now: () => number;
  readonly log: EngineLog;
}

const maxSaveAttempts = 3;

/** Only if `render` broke its promise never to throw: a turn must not end in silence. */
const lastResortApology = 'Sorry, something went wrong. Please try again later.';

export async function handleTurn(deps: EngineDeps, turn: Turn): Promise<Reply> {
  try {
    return await runTurn(deps, turn);
  } catch (error) {
    deps.log.error('conversation turn failed', { ...logFields(turn), error: errorName(error) });
    return {
      outcome: 'failed',
      messages: [apology(deps, turn.locale, deps.now())],
      slots: {},
      locale: turn.locale,
    };
  }
}

async function runTurn(deps: EngineDeps, received: Turn): Promise<Reply> {
  const now = deps.now();
  const scope = sessionScope(received);
  const key: ConversationKey = {
    channel: received.channel,
    sessionId: received.sessionId,
    ...(scope !== undefined && { scope }),
    ...(received.phone !== undefined && { phone: received.phone }),
  };
  const loaded = await deps.store.load(key);
  const continued = continueDialog(deps, received, loaded.session.value?.awaiting);
  const { turn } = continued;
  const work = new TurnWork(deps, turn, loaded, now);

  let reply: Omit<Reply, 'messages' | 'locale'>;
  if (continued.declined !== undefined) {
    await work.speakFinishedJobs();
    reply = work.decline(continued.declined);
  } else if (turn.phase === 'ended') {
    work.say({ key: engineMessages.goodbye });
    work.end();
    reply = { outcome: 'fulfilled', slots: {} };
  } else if (turn.phase === 'dialog') {
    // A dialog hook that lets the bot carry on (Lex `Delegate`) plays nothing, so finished jobs
    // wait for a reply that is heard.
    reply = await work.runSkill();
    if (reply.outcome !== 'delegate') await work.speakFinishedJobs();
  } else {
    await work.speakFinishedJobs();
    if (turn.phase === 'poll') {
      work.tellNews();
      reply = work.pollReply();
    } else {
      // News waits until the skill's identity check: a PIN said this turn lets it be told.
      reply = await work.runSkill();
    }
  }

  const first = applyChanges(loaded, work.changes(), key, now);
  const events = work.events(first.session.value);
  const messages = work.render();
  if (events.length > 0) await deps.outbound.send(events);
  await save(deps, key, work.changes(), now, first);
  return { ...reply, messages, locale: turn.locale };
}

/** One write; on a lost race, the same changes on a fresh read, a bounded number of times. */
async function save(
  deps: EngineDeps,
  key: ConversationKey,
  changes: TurnChanges,
  now: number,
  first: ReturnType<typeof applyChanges>,
): Promise<void> {
  let write = first;
  for (let attempt = 1; ; attempt += 1) {
    if ((await deps.store.save({ key, ...write, now })) === 'saved') return;
    if (attempt >= maxSaveAttempts) throw new Error('conversation state kept conflicting');
    deps.log.info('conversation state conflict; re-applying', { attempt });
    write = applyChanges(await deps.store.load(key), changes, key, now);
  }
}

function apology(deps: EngineDeps, locale: Locale, now: number): Speech {
  try {
    return deps.render(locale, { key: engineMessages.apology }, { now, timeZone: deps.timeZone });
  } catch {
    return { text: lastResortApology, ssml: `<speak>${lastResortApology}</speak>` };
  }
}
