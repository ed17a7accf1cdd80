/**
 * What a turn works from besides its session: the skill it runs, and the records of the jobs it
 * may speak.
 */
import type { JobRecord, JobStore } from '#shared/jobs/job.ts';
import type { EngineDeps } from './engine.ts';
import { fallbackIntentName, type PendingJobRef, type Skill, type Turn } from './types.ts';

/** The named intent; else the text matched against every skill's utterances; else the fallback. */
export function resolveSkill(
  deps: Pick<EngineDeps, 'skills' | 'matchIntent'>,
  turn: Turn,
): { skill: Skill; slots: Readonly<Record<string, string>> } | undefined {
  const { skills } = deps;
  const named = turn.intent === undefined ? undefined : skills[turn.intent];
  if (named) return { skill: named, slots: {} };
  // A platform intent no skill answers (`OrderPizza`) is no licence to guess from its words.
  const match =
    turn.text === undefined || turn.intent !== undefined
      ? undefined
      : deps.matchIntent(turn.text, turn.locale, skills);
  const matched = match && skills[match.intent];
  if (match && matched) return { skill: matched, slots: match.slots ?? {} };
  const fallback = skills[fallbackIntentName];
  return fallback && { skill: fallback, slots: {} };
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
