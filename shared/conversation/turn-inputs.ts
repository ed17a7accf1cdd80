/**
 * What a turn works from besides its session: the skill it runs, and the records of the jobs it
 * may speak.
 */
import type { JobRecord, JobStore } from '#shared/jobs/job.ts';
import type { EngineDeps } from './engine.ts';
import { fallbackIntentName, type PendingJobRef, type Skill, type Turn } from './types.ts';

export interface ResolvedSkill {
  readonly skill: Skill;
  readonly slots: Readonly<Record<string, string>>;
  /** Guessed from free text rather than named by the platform or the dialog. */
  readonly fromText: boolean;
}

/**
 * The named intent; else the text matched against every skill's utterances; else the fallback.
 * A guess reaches a skill with a side effect only when it is clear, and never carries a PIN or
 * code: those are taken only when the bot asked for them.
 */
export function resolveSkill(
  deps: Pick<EngineDeps, 'skills' | 'matchIntent' | 'sensitiveSlots'>,
  turn: Turn,
): ResolvedSkill | undefined {
  const { skills } = deps;
  const named = turn.intent === undefined ? undefined : skills[turn.intent];
  if (named) return { skill: named, slots: {}, fromText: false };
  // A platform intent no skill answers (`OrderPizza`) is no licence to guess from its words.
  const match =
    turn.text === undefined || turn.intent !== undefined
      ? undefined
      : deps.matchIntent(turn.text, turn.locale, skills);
  const matched = match && skills[match.intent];
  if (match && matched && (match.clear || matched.sideEffect === undefined)) {
    const slots = Object.entries(match.slots ?? {}).filter(
      ([slot]) => !deps.sensitiveSlots.has(slot),
    );
    return { skill: matched, slots: Object.fromEntries(slots), fromText: true };
  }
  const fallback = skills[fallbackIntentName];
  return fallback && { skill: fallback, slots: {}, fromText: false };
}

export interface ReadJob {
  readonly ref: PendingJobRef;
  readonly record: JobRecord | undefined;
  /** `false`: the read failed, so the job is neither finished nor gone; it stays pending. */
  readonly readable: boolean;
}

export function readJobRecords(
  jobs: Pick<JobStore, 'get'>,
  refs: readonly PendingJobRef[],
  onUnreadable: (error: unknown, jobId: string) => void,
): Promise<ReadJob[]> {
  return Promise.all(
    refs.map(async (ref) => {
      try {
        return { ref, record: await jobs.get(ref.jobId), readable: true };
      } catch (error) {
        onUnreadable(error, ref.jobId);
        return { ref, record: undefined, readable: false };
      }
    }),
  );
}
