/** What one turn has recorded, and how it becomes the session write, events and speech. */
import { callPartner } from '#shared/connectors/call-partner.ts';
import { customerQuota, effectiveIdentity, verificationHolds } from '#shared/identity/policy.ts';
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
  type Awaiting,
  freshProfile,
  freshSession,
  type LoadedConversation,
  type NewsItem,
  type SessionState,
  type SessionVerification,
} from './state.ts';
import type { CustomerPatch, TurnChanges } from './turn-changes.ts';
import type {
  CustomerRecord,
  IdentityLevel,
  MessageRef,
  Outcome,
  PartnerCaller,
  PendingJobRef,
  SkillContext,
  SkillMemory,
  SkillResult,
  Speech,
  Turn,
} from './types.ts';

/**
 * What one turn has recorded so far — what it said, the skills' memory, the customer patch, the
 * jobs, the identity — and how that becomes `TurnChanges`, events and speech. `TurnWork` adds
 * the steps of the turn.
 */
export class TurnRecord {
  protected readonly deps: EngineDeps;
  protected readonly turn: Turn;
  protected readonly loaded: LoadedConversation;
  protected readonly now: number;
  protected readonly session: SessionState;
  protected readonly said: MessageRef[] = [];
  /** Finished jobs are said before anything else, whenever in the turn they were read. */
  protected readonly jobsSaid: MessageRef[] = [];
  protected readonly drafts: ConversationEventDraft[] = [];
  protected readonly memory = new Map<string, SkillMemory>();
  protected customerPatch: CustomerPatch | undefined;
  protected readonly finishedJobs: string[] = [];
  protected stillPending: PendingJobRef[] = [];
  protected newJob: PendingJobRef | undefined;
  protected slotChange: TurnChanges['slots'];
  protected handled: string | undefined;
  protected outcome: Outcome | undefined;
  protected endedAt: number | undefined;
  protected readonly takenNews: NewsItem[] = [];
  protected newsTold = false;
  protected level: IdentityLevel;
  protected verification: SessionVerification | null | undefined;
  protected awaiting: Awaiting | null | undefined;

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

  protected get customerRecord(): CustomerRecord | undefined {
    if (this.turn.phone === undefined) return undefined;
    const profile = this.loaded.customer.value ?? freshProfile(this.turn.phone);
    return { ...profile.record, ...this.customerPatch, phone: this.turn.phone };
  }

  protected context(
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

  protected absorb(
    skill: string,
    part: Pick<SkillResult, 'messages' | 'events' | 'memory' | 'customer'>,
    into: MessageRef[] = this.said,
  ): void {
    into.push(...part.messages);
    this.drafts.push(...(part.events ?? []));
    if (part.memory) this.memory.set(skill, part.memory);
    if (part.customer) this.patchCustomer(part.customer);
  }

  protected patchCustomer(patch: CustomerPatch): void {
    this.customerPatch = { ...this.customerPatch, ...patch };
  }

  protected rememberable(slots: Readonly<Record<string, string>>): Record<string, string> {
    const { sensitiveSlots } = this.deps;
    return Object.fromEntries(Object.entries(slots).filter(([slot]) => !sensitiveSlots.has(slot)));
  }

  protected boundCallPartner(): PartnerCaller {
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
      ...(this.awaiting !== undefined && { awaiting: this.awaiting }),
      ...(this.slotChange && { slots: this.slotChange }),
      ...(this.handled && { handled: this.handled }),
      ...(this.outcome && { outcome: this.outcome }),
      emitted: this.emittedTypes(),
      ...(this.endedAt !== undefined && { endedAt: this.endedAt }),
      takenNews: this.takenNews,
    };
  }

  protected emittedTypes(): string[] {
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

  protected warn(message: string, error: unknown, fields: Record<string, unknown>): void {
    this.deps.log.warn(message, { ...logFields(this.turn), ...fields, error: errorName(error) });
  }
}
