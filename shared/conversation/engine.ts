/**
 * The conversation engine: one `Turn` in, one `Reply` out, whatever the channel. A turn reads
 * the session and the caller's profile once, speaks finished jobs and news before anything
 * else, runs one skill, and writes once. What the skill decided is kept as data
 * (`TurnChanges`), so a write that loses an optimistic-lock race is re-applied to a fresh read
 * without running the skill (and its partner calls) again.
 */
import { createHash } from 'node:crypto';
import { callPartner, type PartnerDeps } from '#shared/connectors/call-partner.ts';
import type { MessageKey } from '#shared/i18n/index.ts';
import type { RenderOptions } from '#shared/i18n/render.ts';
import type { JobStore } from '#shared/jobs/job.ts';
import type { ConversationEvent } from '#shared/outbound/messages.ts';
import type { OutboundPort } from './outbound.ts';
import {
  type ConversationKey,
  type ConversationStore,
  type CustomerProfile,
  freshProfile,
  freshSession,
  type LoadedConversation,
  type NewsItem,
  type SessionState,
  type Versioned,
} from './state.ts';
import {
  type CustomerRecord,
  fallbackIntentName,
  type Locale,
  type MessageRef,
  type Outcome,
  type PartnerCaller,
  type PendingJobRef,
  type Reply,
  type Skill,
  type SkillContext,
  type SkillMemory,
  type SkillResult,
  type Speech,
  type Turn,
} from './types.ts';

export type SkillRegistry = Readonly<Record<string, Skill>>;

export interface IntentMatch {
  readonly intent: string;
  /** Slot values recognised in the text. */
  readonly slots?: Readonly<Record<string, string>>;
}

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
  /** Slots (the PIN) that are never remembered in a session. */
  readonly sensitiveSlots: ReadonlySet<string>;
  readonly render: Renderer;
  /** Whether the catalog can word a key: news of a kind it cannot is dropped, not apologised for. */
  readonly hasMessage: (key: string) => key is MessageKey;
  /** The business's time zone, for dates and opening hours in replies. */
  readonly timeZone: string;
  readonly now: () => number;
  readonly log: EngineLog;
}

/** Catalog keys the engine itself says; news is `news.<kind>`. */
export const engineMessages = {
  checking: 'common.pending',
  stillChecking: 'common.stillChecking',
  apology: 'common.apology',
  goodbye: 'common.goodbye',
} as const;

export const conversationEnded = 'conversation.ended';
export const handoffRequested = 'handoff.requested';
/** Sent at most once per conversation; others once per turn that produced them. */
const oncePerConversation: ReadonlySet<string> = new Set([conversationEnded, handoffRequested]);

/** More would crowd out the answer (Lex plays at most ten messages); the rest waits a call. */
const maxNewsPerTurn = 3;
const maxSaveAttempts = 3;
/** Outcomes where the skill is still collecting slots, so they are worth remembering. */
const midDialog: ReadonlySet<Outcome> = new Set(['elicit', 'confirm', 'delegate']);

/** Only if `render` broke its promise never to throw: a turn must not end in silence. */
const lastResortApology = 'Sorry, something went wrong. Please try again later.';

type CustomerPatch = Partial<Omit<CustomerRecord, 'phone'>>;
type ConversationEventDraft = Omit<ConversationEvent, 'id' | 'occurredAt'>;

/** Everything a turn decided, re-appliable to any later read of the same keys. */
interface TurnChanges {
  readonly memory: ReadonlyMap<string, SkillMemory>;
  readonly customer?: CustomerPatch;
  readonly finishedJobs: readonly string[];
  readonly newJob?: PendingJobRef;
  /** `slots: undefined` forgets what was remembered for the intent. */
  readonly slots?: { readonly intent: string; readonly slots?: Readonly<Record<string, string>> };
  readonly handled?: string;
  readonly outcome?: Outcome;
  readonly emitted: readonly string[];
  readonly endedAt?: number;
  readonly takenNews: readonly NewsItem[];
}

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

async function runTurn(deps: EngineDeps, turn: Turn): Promise<Reply> {
  const now = deps.now();
  const key: ConversationKey = {
    channel: turn.channel,
    sessionId: turn.sessionId,
    ...(turn.phone !== undefined && { phone: turn.phone }),
  };
  const loaded = await deps.store.load(key);
  const work = new TurnWork(deps, turn, loaded, now);

  let reply: Omit<Reply, 'messages' | 'locale'>;
  if (turn.phase === 'ended') {
    work.say({ key: engineMessages.goodbye });
    work.end();
    reply = { outcome: 'fulfilled', slots: {} };
  } else {
    await work.speakFinishedJobs();
    if (turn.phase !== 'dialog') work.tellNews();
    reply = turn.phase === 'poll' ? work.pollReply() : await work.runSkill();
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

/** The turn's changes on top of what was read. Pure, so it can run again after a conflict. */
function applyChanges(
  loaded: LoadedConversation,
  changes: TurnChanges,
  key: ConversationKey,
  now: number,
): {
  session: Versioned<SessionState>;
  customer?: Versioned<CustomerProfile>;
  takenNews: readonly NewsItem[];
} {
  const before = loaded.session.value ?? freshSession(now);
  const finished = new Set(changes.finishedJobs);
  const keepJob = (job: PendingJobRef) => !finished.has(job.jobId);
  const slots = { ...before.slots };
  if (changes.slots) {
    if (changes.slots.slots) slots[changes.slots.intent] = { ...changes.slots.slots };
    else delete slots[changes.slots.intent];
  }
  const jobOnSession = changes.newJob && key.phone === undefined ? [changes.newJob] : [];
  const session: SessionState = {
    ...before,
    lastTurnAt: now,
    intentsHandled: changes.handled
      ? [...before.intentsHandled, changes.handled]
      : before.intentsHandled,
    slots,
    memory: { ...before.memory, ...Object.fromEntries(changes.memory) },
    pendingJobs: [...before.pendingJobs.filter(keepJob), ...jobOnSession],
    emitted: [...new Set([...before.emitted, ...changes.emitted])],
    ...(changes.outcome && { lastOutcome: changes.outcome }),
    ...(changes.endedAt !== undefined &&
      before.endedAt === undefined && {
        endedAt: changes.endedAt,
      }),
  };

  let customer: Versioned<CustomerProfile> | undefined;
  if (key.phone !== undefined) {
    const profile = loaded.customer.value ?? freshProfile(key.phone);
    const changed =
      changes.customer !== undefined ||
      changes.newJob !== undefined ||
      profile.pendingJobs.some((job) => finished.has(job.jobId));
    if (changed) {
      customer = {
        value: {
          record: { ...profile.record, ...changes.customer, phone: key.phone },
          pendingJobs: [
            ...profile.pendingJobs.filter(keepJob),
            ...(changes.newJob ? [changes.newJob] : []),
          ],
        },
        ...(loaded.customer.version !== undefined && { version: loaded.customer.version }),
      };
    }
  }

  // News another turn took meanwhile, or that a newer event replaced, is not ours to remove.
  const stillThere = new Set(loaded.news.map((news) => `${news.entityKey}\n${news.eventId}`));
  return {
    session: {
      value: session,
      ...(loaded.session.version !== undefined && { version: loaded.session.version }),
    },
    ...(customer && { customer }),
    takenNews: changes.takenNews.filter((news) =>
      stillThere.has(`${news.entityKey}\n${news.eventId}`),
    ),
  };
}

/** The mutable working state of one turn; everything it records ends up in `TurnChanges`. */
class TurnWork {
  private readonly deps: EngineDeps;
  private readonly turn: Turn;
  private readonly loaded: LoadedConversation;
  private readonly now: number;
  private readonly session: SessionState;
  private readonly said: MessageRef[] = [];
  private readonly drafts: { draft: ConversationEventDraft; index: number }[] = [];
  private readonly memory = new Map<string, SkillMemory>();
  private customerPatch: CustomerPatch | undefined;
  private readonly finishedJobs: string[] = [];
  private stillPending: PendingJobRef[] = [];
  private newJob: PendingJobRef | undefined;
  private slotChange: TurnChanges['slots'];
  private handled: string | undefined;
  private outcome: Outcome | undefined;
  private endedAt: number | undefined;
  private readonly takenNews: NewsItem[] = [];

  constructor(deps: EngineDeps, turn: Turn, loaded: LoadedConversation, now: number) {
    this.deps = deps;
    this.turn = turn;
    this.loaded = loaded;
    this.now = now;
    this.session = loaded.session.value ?? freshSession(now);
  }

  say(ref: MessageRef): void {
    this.said.push(ref);
  }

  end(): void {
    this.endedAt = this.now;
  }

  private get customerRecord(): CustomerRecord | undefined {
    if (this.turn.phone === undefined) return undefined;
    const profile = this.loaded.customer.value ?? freshProfile(this.turn.phone);
    return { ...profile.record, ...this.customerPatch, phone: this.turn.phone };
  }

  private context(
    skill: string,
    slots: Readonly<Record<string, string>>,
    callPartner?: PartnerCaller,
  ): SkillContext {
    return {
      turn: this.turn,
      slots,
      customer: this.customerRecord,
      memory: this.memory.get(skill) ?? this.session.memory[skill] ?? {},
      conversation: {
        startedAt: this.session.startedAt,
        intentsHandled: this.session.intentsHandled,
      },
      ...(callPartner && { callPartner }),
      now: this.now,
      timeZone: this.deps.timeZone,
    };
  }

  private absorb(
    skill: string,
    part: Pick<SkillResult, 'messages' | 'events' | 'memory' | 'customer'>,
  ): void {
    for (const ref of part.messages) this.say(ref);
    for (const draft of part.events ?? []) this.drafts.push({ draft, index: this.drafts.length });
    if (part.memory) this.memory.set(skill, part.memory);
    if (part.customer) this.customerPatch = { ...this.customerPatch, ...part.customer };
  }

  /** Jobs of this caller (any channel) or this session, spoken by the skills that began them. */
  async speakFinishedJobs(): Promise<void> {
    const refs = new Map<string, PendingJobRef>();
    for (const job of [
      ...(this.loaded.customer.value?.pendingJobs ?? []),
      ...this.session.pendingJobs,
    ]) {
      refs.set(job.jobId, job);
    }
    const records = await Promise.all(
      [...refs.values()].map(async (ref) => {
        try {
          return { ref, record: await this.deps.jobs.get(ref.jobId), readable: true };
        } catch (error) {
          this.warn('job record unreadable; kept pending', error, { jobId: ref.jobId });
          return { ref, record: undefined, readable: false };
        }
      }),
    );
    for (const { ref, record, readable } of records) {
      if (!readable || record?.status === 'pending') {
        this.stillPending.push(ref);
        continue;
      }
      this.finishedJobs.push(ref.jobId);
      const skill = this.deps.skills[ref.skill];
      if (!record || !skill?.speakJob) {
        // Expired (past its TTL) or its skill is gone: nothing can word it any more.
        this.deps.log.warn('finished job not spoken', {
          ...logFields(this.turn),
          jobId: ref.jobId,
          skill: ref.skill,
          reason: record ? 'no speakJob' : 'no job record',
        });
        continue;
      }
      try {
        const spoken = skill.speakJob(
          {
            status: record.status,
            ...(record.result !== undefined && { result: record.result }),
            ...(record.error && { errorCode: record.error.code }),
          },
          ref,
          this.context(ref.skill, {}),
        );
        this.absorb(ref.skill, spoken);
      } catch (error) {
        this.warn('speakJob failed', error, { skill: ref.skill, jobId: ref.jobId });
        this.say({ key: engineMessages.apology });
      }
    }
  }

  tellNews(): void {
    if (this.turn.phone === undefined) return;
    for (const news of this.loaded.news.slice(0, maxNewsPerTurn)) {
      // Taken either way: news of a kind this build cannot word would otherwise wait forever.
      this.takenNews.push(news);
      const key = `news.${news.kind}`;
      if (this.deps.hasMessage(key)) this.say({ key, params: news.params });
      else this.deps.log.warn('news of an unknown kind dropped', { ...logFields(this.turn), key });
    }
  }

  pollReply(): Omit<Reply, 'messages' | 'locale'> {
    const waiting = this.stillPending[0];
    if (!waiting) {
      this.outcome = 'fulfilled';
      return { outcome: 'fulfilled', slots: {} };
    }
    this.say({ key: engineMessages.stillChecking });
    this.outcome = 'pending';
    return { outcome: 'pending', slots: {}, jobId: waiting.jobId };
  }

  private resolveSkill(): { skill: Skill; slots: Readonly<Record<string, string>> } | undefined {
    const { skills } = this.deps;
    const named = this.turn.intent === undefined ? undefined : skills[this.turn.intent];
    if (named) return { skill: named, slots: {} };
    const match =
      this.turn.text === undefined
        ? undefined
        : this.deps.matchIntent(this.turn.text, this.turn.locale, skills);
    const matched = match && skills[match.intent];
    if (match && matched) return { skill: matched, slots: match.slots ?? {} };
    const fallback = skills[fallbackIntentName];
    return fallback && { skill: fallback, slots: {} };
  }

  async runSkill(): Promise<Omit<Reply, 'messages' | 'locale'>> {
    let skill: Skill | undefined;
    let slots: Readonly<Record<string, string>> = this.turn.slots;
    let result: SkillResult;
    try {
      const resolved = this.resolveSkill();
      if (!resolved) throw new Error(`no skill and no ${fallbackIntentName}`);
      skill = resolved.skill;
      slots = { ...this.session.slots[skill.name], ...resolved.slots, ...this.turn.slots };
      result =
        this.turn.phase === 'dialog'
          ? skill.validate(this.context(skill.name, slots))
          : await skill.run(this.context(skill.name, slots, this.boundCallPartner()));
    } catch (error) {
      this.warn('skill failed', error, { skill: skill?.name });
      result = { outcome: 'failed', messages: [{ key: engineMessages.apology }] };
    }
    const name = skill?.name;
    this.absorb(name ?? fallbackIntentName, result);
    if (result.outcome === 'pending' && result.messages.length === 0) {
      this.say({ key: engineMessages.checking });
    }
    if (result.pendingJob) this.newJob = result.pendingJob;
    const replySlots = result.slots ?? slots;
    if (name) {
      this.slotChange = midDialog.has(result.outcome)
        ? { intent: name, slots: this.rememberable(replySlots) }
        : { intent: name };
      if (this.turn.phase !== 'dialog' && !midDialog.has(result.outcome)) this.handled = name;
    }
    this.outcome = result.outcome;
    if (result.outcome === 'handoff') this.end();
    return {
      outcome: result.outcome,
      slots: replySlots,
      ...(name && name !== fallbackIntentName && { intent: name }),
      ...(result.slotToElicit !== undefined && { slotToElicit: result.slotToElicit }),
      ...(result.pendingJob && { jobId: result.pendingJob.jobId }),
    };
  }

  private rememberable(slots: Readonly<Record<string, string>>): Record<string, string> {
    const { sensitiveSlots } = this.deps;
    return Object.fromEntries(Object.entries(slots).filter(([slot]) => !sensitiveSlots.has(slot)));
  }

  private boundCallPartner(): PartnerCaller {
    const { partners } = this.deps;
    const { deadline, correlationId } = this.turn;
    return (partner, operation, input) =>
      callPartner(partners, { partner, operation, input, deadline, correlationId });
  }

  changes(): TurnChanges {
    return {
      memory: this.memory,
      ...(this.customerPatch && { customer: this.customerPatch }),
      finishedJobs: this.finishedJobs,
      ...(this.newJob && { newJob: this.newJob }),
      ...(this.slotChange && { slots: this.slotChange }),
      ...(this.handled && { handled: this.handled }),
      ...(this.outcome && { outcome: this.outcome }),
      emitted: this.emittedTypes(),
      ...(this.endedAt !== undefined && { endedAt: this.endedAt }),
      takenNews: this.takenNews,
    };
  }

  private emittedTypes(): string[] {
    const types = this.drafts
      .map(({ draft }) => draft.type)
      .filter((type) => oncePerConversation.has(type));
    if (this.outcome === 'handoff') types.push(handoffRequested);
    if (this.endedAt !== undefined) types.push(conversationEnded);
    return types;
  }

  /** The events to send, with ids stable across a retried turn, from the session as written. */
  events(after: SessionState): ConversationEvent[] {
    const already = new Set(this.session.emitted);
    const drafts = [...this.drafts];
    const summary = this.summary(after);
    if (
      this.outcome === 'handoff' &&
      !drafts.some(({ draft }) => draft.type === handoffRequested)
    ) {
      drafts.push({ draft: { type: handoffRequested, data: summary }, index: drafts.length });
    }
    if (this.endedAt !== undefined) {
      drafts.push({ draft: { type: conversationEnded, data: summary }, index: drafts.length });
    }
    const occurredAt = new Date(this.now).toISOString();
    const version = this.loaded.session.version ?? 0;
    const seen = new Set<string>();
    const events: ConversationEvent[] = [];
    for (const { draft, index } of drafts) {
      const once = oncePerConversation.has(draft.type);
      if (once && (already.has(draft.type) || seen.has(draft.type))) continue;
      seen.add(draft.type);
      events.push({
        id: this.eventId(draft.type, once ? '' : `${version}#${index}`),
        type: draft.type,
        occurredAt,
        data: draft.data,
      });
    }
    return events;
  }

  private eventId(type: string, discriminator: string): string {
    const { channel, sessionId } = this.turn;
    const digest = createHash('sha256')
      .update([channel, sessionId, type, discriminator].join('\n'))
      .digest('hex');
    return `evt_${digest.slice(0, 40)}`;
  }

  /** For partners (hand-off tickets, reporting); no transcript and no phone number. */
  private summary(session: SessionState): Record<string, unknown> {
    const endedAt = session.endedAt ?? this.now;
    const crmId = this.customerRecord?.crmId;
    return {
      channel: this.turn.channel,
      sessionId: this.turn.sessionId,
      locale: this.turn.locale,
      intentsHandled: session.intentsHandled,
      outcome: session.lastOutcome ?? 'none',
      startedAt: new Date(session.startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationMs: endedAt - session.startedAt,
      ...(crmId !== undefined && { crmId }),
    };
  }

  render(): Speech[] {
    const options = { now: this.now, timeZone: this.deps.timeZone };
    return this.said.map((ref) => this.deps.render(this.turn.locale, ref, options));
  }

  private warn(message: string, error: unknown, fields: Record<string, unknown>): void {
    this.deps.log.warn(message, { ...logFields(this.turn), ...fields, error: errorName(error) });
  }
}

function apology(deps: EngineDeps, locale: Locale, now: number): Speech {
  try {
    return deps.render(locale, { key: engineMessages.apology }, { now, timeZone: deps.timeZone });
  } catch {
    return { text: lastResortApology, ssml: `<speak>${lastResortApology}</speak>` };
  }
}

/** Never the phone, text, slots or an error message: those may carry personal data. */
function logFields(turn: Turn): Record<string, unknown> {
  return {
    correlationId: turn.correlationId,
    channel: turn.channel,
    phase: turn.phase,
    ...(turn.intent !== undefined && { intent: turn.intent }),
  };
}

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);
