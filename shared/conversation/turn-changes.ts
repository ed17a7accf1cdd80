/**
 * What a turn decided, kept as data so that a write which loses an optimistic-lock race is
 * re-applied to a fresh read without running the skill (and its partner calls) again.
 */
import {
  type Awaiting,
  type ConversationKey,
  type CustomerProfile,
  freshProfile,
  freshSession,
  type LoadedConversation,
  type NewsItem,
  type SessionState,
  type SessionVerification,
  type Versioned,
} from './state.ts';
import type { CustomerRecord, Outcome, PendingJobRef, SkillMemory } from './types.ts';

export type CustomerPatch = Partial<Omit<CustomerRecord, 'phone'>>;

/** Everything a turn decided, re-appliable to any later read of the same keys. */
export interface TurnChanges {
  readonly memory: ReadonlyMap<string, SkillMemory>;
  readonly customer?: CustomerPatch;
  readonly finishedJobs: readonly string[];
  readonly newJob?: PendingJobRef;
  /** Only a verified caller's jobs go on their profile, to be told on any channel. */
  readonly jobOwner: 'customer' | 'session';
  /** `null` drops a verification that no longer holds (another number, expired). */
  readonly verification?: SessionVerification | null;
  /** `null`: the turn asked nothing the next one could answer. */
  readonly awaiting?: Awaiting | null;
  /** `slots: undefined` forgets what was remembered for the intent. */
  readonly slots?: { readonly intent: string; readonly slots?: Readonly<Record<string, string>> };
  readonly handled?: string;
  readonly outcome?: Outcome;
  readonly emitted: readonly string[];
  readonly endedAt?: number;
  readonly takenNews: readonly NewsItem[];
}

/** The turn's changes on top of what was read. Pure, so it can run again after a conflict. */
export function applyChanges(
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
  const onProfile = key.phone !== undefined && changes.jobOwner === 'customer';
  const jobOnSession = changes.newJob && !onProfile ? [changes.newJob] : [];
  const { verification: _previous, ...unverified } = before;
  const { awaiting: _asked, ...base } = changes.verification === null ? unverified : before;
  const awaiting = changes.awaiting === undefined ? before.awaiting : changes.awaiting;
  const session: SessionState = {
    ...base,
    ...(changes.verification && { verification: changes.verification }),
    ...(awaiting && { awaiting }),
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
    const jobOnProfile = onProfile ? changes.newJob : undefined;
    const changed =
      changes.customer !== undefined ||
      jobOnProfile !== undefined ||
      profile.pendingJobs.some((job) => finished.has(job.jobId));
    if (changed) {
      customer = {
        value: {
          record: { ...profile.record, ...changes.customer, phone: key.phone },
          pendingJobs: [
            ...profile.pendingJobs.filter(keepJob),
            ...(jobOnProfile ? [jobOnProfile] : []),
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
