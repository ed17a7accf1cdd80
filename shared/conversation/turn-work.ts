/**
 * The working state of one turn: finished jobs and news spoken first, then one skill, with
 * everything it records ending up in `TurnChanges`.
 */
import { callPartner } from '#shared/connectors/call-partner.ts';
import {
  admit,
  customerQuota,
  effectiveIdentity,
  mayHearCustomerJobs,
  mayHearNews,
  verificationHolds,
} from '#shared/identity/policy.ts';
import { callerGaveUpOn } from '#shared/jobs/job.ts';
import type { ConversationEvent } from '#shared/outbound/messages.ts';
import {
  type ConversationEventDraft,
  conversationSummary,
  emittedEventTypes,
  turnEvents,
} from './conversation-events.ts';
import type { EngineDeps } from './engine.ts';
import { errorName, logFields } from './log-fields.ts';
import {
  freshProfile,
  freshSession,
  type LoadedConversation,
  type NewsItem,
  type SessionState,
  type SessionVerification,
} from './state.ts';
import type { CustomerPatch, TurnChanges } from './turn-changes.ts';
import { readJobRecords, resolveSkill } from './turn-inputs.ts';
import {
  type CustomerRecord,
  fallbackIntentName,
  type IdentityLevel,
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

/** Catalog keys the engine itself says; news is `news.<kind>`. */
export const engineMessages = {
  checking: 'common.pending',
  stillChecking: 'common.stillChecking',
  jobGaveUp: 'common.jobGaveUp',
  apology: 'common.apology',
  goodbye: 'common.goodbye',
} as const;

/** More would crowd out the answer (Lex plays at most ten messages); the rest waits a call. */
const maxNewsPerTurn = 3;
/** Outcomes where the skill is still collecting slots, so they are worth remembering. */
const midDialog: ReadonlySet<Outcome> = new Set(['elicit', 'confirm', 'delegate']);

/** The mutable working state of one turn; everything it records ends up in `TurnChanges`. */
export class TurnWork {
  private readonly deps: EngineDeps;
  private readonly turn: Turn;
  private readonly loaded: LoadedConversation;
  private readonly now: number;
  private readonly session: SessionState;
  private readonly said: MessageRef[] = [];
  /** Finished jobs are said before anything else, whenever in the turn they were read. */
  private readonly jobsSaid: MessageRef[] = [];
  private readonly drafts: ConversationEventDraft[] = [];
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
  private newsTold = false;
  private level: IdentityLevel;
  private verification: SessionVerification | null | undefined;

  constructor(deps: EngineDeps, turn: Turn, loaded: LoadedConversation, now: number) {
    this.deps = deps;
    this.turn = turn;
    this.loaded = loaded;
    this.now = now;
    this.session = loaded.session.value ?? freshSession(now);
    const stored = this.session.verification;
    const { verificationTtlMs } = deps.verification.limits;
    this.level = effectiveIdentity(turn, stored, now, verificationTtlMs);
    // Another number, or too old: forgotten, so it can never come back to life.
    if (stored !== undefined && !verificationHolds(stored, turn, now, verificationTtlMs)) {
      this.verification = null;
    }
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
      identity: this.level,
      ...(this.level === 'verified' &&
        this.turn.phone !== undefined && {
          quota: customerQuota(this.turn.phone, this.now, this.deps.verification),
        }),
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
    into: MessageRef[] = this.said,
  ): void {
    into.push(...part.messages);
    this.drafts.push(...(part.events ?? []));
    if (part.memory) this.memory.set(skill, part.memory);
    if (part.customer) this.patchCustomer(part.customer);
  }

  private patchCustomer(patch: CustomerPatch): void {
    this.customerPatch = { ...this.customerPatch, ...patch };
  }

  /** Jobs of this caller (any channel) or this session, spoken by the skills that began them. */
  async speakFinishedJobs(): Promise<void> {
    const refs = new Map<string, PendingJobRef>();
    const customerJobs = mayHearCustomerJobs(this.level)
      ? (this.loaded.customer.value?.pendingJobs ?? [])
      : [];
    for (const job of [...customerJobs, ...this.session.pendingJobs]) {
      refs.set(job.jobId, job);
    }
    const records = await readJobRecords(this.deps.jobs, [...refs.values()], (error, jobId) =>
      this.warn('job record unreadable; kept pending', error, { jobId }),
    );
    for (const { ref, record, readable } of records) {
      if (record && callerGaveUpOn(record, this.now)) {
        // The bounded wait is over: a definite answer, not the skill's "try again later".
        this.finishedJobs.push(ref.jobId);
        this.jobsSaid.push({ key: engineMessages.jobGaveUp });
        continue;
      }
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
        this.absorb(ref.skill, spoken, this.jobsSaid);
      } catch (error) {
        this.warn('speakJob failed', error, { skill: ref.skill, jobId: ref.jobId });
        this.jobsSaid.push({ key: engineMessages.apology });
      }
    }
  }

  tellNews(): void {
    if (this.turn.phone === undefined || this.newsTold || !mayHearNews(this.level)) return;
    this.newsTold = true;
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

  async runSkill(): Promise<Omit<Reply, 'messages' | 'locale'>> {
    let skill: Skill | undefined;
    let slots: Readonly<Record<string, string>> = this.turn.slots;
    let result: SkillResult;
    try {
      const resolved = resolveSkill(this.deps, this.turn);
      if (!resolved) throw new Error(`no skill and no ${fallbackIntentName}`);
      skill = resolved.skill;
      slots = { ...this.session.slots[skill.name], ...resolved.slots, ...this.turn.slots };
      const dialog = this.turn.phase === 'dialog';
      const callPartner = dialog ? undefined : this.boundCallPartner();
      const admission = await admit(
        skill,
        this.context(skill.name, slots, callPartner),
        this.deps.verification,
      );
      if (!admission.admitted) result = admission.result;
      else {
        if (admission.verification) {
          this.verification = admission.verification;
          this.level = 'verified';
          if (admission.crmId !== undefined) this.patchCustomer({ crmId: admission.crmId });
        }
        if (!dialog) this.tellNews();
        result = dialog
          ? skill.validate(this.context(skill.name, slots))
          : await skill.run(this.context(skill.name, slots, callPartner));
      }
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
    // Secrets the caller said are neither remembered nor written back to the channel, and
    // parameters no skill asks for stay the platform's own (a CX flow's counters and flags).
    const owned = new Set(skill?.slots ?? []);
    const replySlots = Object.fromEntries(
      Object.entries(this.rememberable(result.slots ?? slots)).filter(([slot]) => owned.has(slot)),
    );
    const forgetSlots = Object.keys(this.turn.slots).filter((slot) =>
      this.deps.sensitiveSlots.has(slot),
    );
    if (name) {
      this.slotChange = midDialog.has(result.outcome)
        ? { intent: name, slots: replySlots }
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
      ...(forgetSlots.length > 0 && { forgetSlots }),
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
      jobOwner: this.level === 'verified' ? 'customer' : 'session',
      ...(this.verification !== undefined && { verification: this.verification }),
      ...(this.slotChange && { slots: this.slotChange }),
      ...(this.handled && { handled: this.handled }),
      ...(this.outcome && { outcome: this.outcome }),
      emitted: this.emittedTypes(),
      ...(this.endedAt !== undefined && { endedAt: this.endedAt }),
      takenNews: this.takenNews,
    };
  }

  private emittedTypes(): string[] {
    return emittedEventTypes(this.drafts, this.outcome === 'handoff', this.endedAt !== undefined);
  }

  /** The events to send, with ids stable across a retried turn, from the session as written. */
  events(after: SessionState): ConversationEvent[] {
    return turnEvents({
      turn: this.turn,
      drafts: this.drafts,
      handedOff: this.outcome === 'handoff',
      ended: this.endedAt !== undefined,
      alreadyEmitted: this.session.emitted,
      summary: conversationSummary(this.turn, after, this.now, this.customerRecord?.crmId),
      now: this.now,
      version: this.loaded.session.version ?? 0,
    });
  }

  render(): Speech[] {
    const options = { now: this.now, timeZone: this.deps.timeZone, inputMode: this.turn.inputMode };
    return [...this.jobsSaid, ...this.said].map((ref) =>
      this.deps.render(this.turn.locale, ref, options),
    );
  }

  private warn(message: string, error: unknown, fields: Record<string, unknown>): void {
    this.deps.log.warn(message, { ...logFields(this.turn), ...fields, error: errorName(error) });
  }
}
