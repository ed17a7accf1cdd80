import { admit, mayHearCustomerJobs, mayHearNews } from '#shared/identity/policy.ts';
import { callerGaveUpOn } from '#shared/jobs/job.ts';
import { awaitingAfter } from './dialog-state.ts';
import { logFields } from './log-fields.ts';
import { readJobRecords, resolveSkill } from './turn-inputs.ts';
import { TurnRecord } from './turn-record.ts';
import {
  fallbackIntentName,
  type Outcome,
  type PendingJobRef,
  type Reply,
  type Skill,
  type SkillResult,
} from './types.ts';

/** Catalog keys the engine itself says; news is `news.<kind>`. */
export const engineMessages = {
  checking: 'common.pending',
  stillChecking: 'common.stillChecking',
  jobGaveUp: 'common.jobGaveUp',
  apology: 'common.apology',
  goodbye: 'common.goodbye',
  declined: 'routing.declined',
} as const;

/** More would crowd out the answer (Lex plays at most ten messages); the rest waits a call. */
const maxNewsPerTurn = 3;
/** Outcomes where the skill is still collecting slots, so they are worth remembering. */
const midDialog: ReadonlySet<Outcome> = new Set(['elicit', 'confirm', 'delegate']);

/** The steps of one turn: finished jobs and news first, then one skill (or a declined action). */
export class TurnWork extends TurnRecord {
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

  /** The caller said no to what the engine asked about: nothing done, and what else? */
  decline(intent: string): Omit<Reply, 'messages' | 'locale'> {
    this.say({ key: engineMessages.declined });
    this.slotChange = { intent };
    this.awaiting = null;
    this.outcome = 'elicit';
    return { outcome: 'elicit', slots: {} };
  }

  async runSkill(): Promise<Omit<Reply, 'messages' | 'locale'>> {
    let skill: Skill | undefined;
    let slots: Readonly<Record<string, string>> = this.turn.slots;
    let result: SkillResult;
    let askedBy: 'skill' | 'route' = 'skill';
    try {
      const resolved = resolveSkill(this.deps, this.turn);
      if (!resolved) throw new Error(`no skill and no ${fallbackIntentName}`);
      skill = resolved.skill;
      slots = { ...this.session.slots[skill.name], ...resolved.slots, ...this.turn.slots };
      const dialog = this.turn.phase === 'dialog';
      const callPartner = dialog ? undefined : this.boundCallPartner();
      const confirmFirst = resolved.fromText ? skill.sideEffect?.confirmFirst : undefined;
      if (confirmFirst !== undefined) {
        askedBy = 'route';
        return this.finish(
          skill,
          slots,
          { outcome: 'confirm', messages: [{ key: confirmFirst }] },
          askedBy,
        );
      }
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
    return this.finish(skill, slots, result, askedBy);
  }

  /** Records what the skill (or the engine on its behalf) decided, and shapes the reply. */
  private finish(
    skill: Skill | undefined,
    slots: Readonly<Record<string, string>>,
    result: SkillResult,
    askedBy: 'skill' | 'route',
  ): Omit<Reply, 'messages' | 'locale'> {
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
    this.awaiting = awaitingAfter(name, result, askedBy);
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
}
