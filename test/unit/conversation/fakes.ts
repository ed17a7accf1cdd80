/** Fakes for engine unit tests: the store's versioned writes over Maps, scripted skills, no I/O. */

import type {
  EngineDeps,
  EngineLog,
  IntentMatcher,
  Renderer,
  SkillRegistry,
} from '#shared/conversation/engine.ts';
import type { OutboundPort } from '#shared/conversation/outbound.ts';
import type {
  ConversationKey,
  ConversationStore,
  ConversationWrite,
  CustomerProfile,
  LoadedConversation,
  NewsItem,
  SessionState,
} from '#shared/conversation/state.ts';
import type {
  Locale,
  Skill,
  SkillAudience,
  SkillContext,
  SkillResult,
  Turn,
} from '#shared/conversation/types.ts';
import type { MessageKey } from '#shared/i18n/index.ts';
import { defaultIdentityLimits } from '#shared/identity/limits.ts';
import type { JobRecord } from '#shared/jobs/job.ts';
import type { ConversationEvent } from '#shared/outbound/messages.ts';
import { readSlot } from '#shared/skills/read-slot.ts';
import { memoryVerificationStore } from '../../support/memory-verification-store.ts';
import { scriptedFetch, testDeps } from '../connectors/fakes.ts';

interface Row<T> {
  value: T;
  version: number;
}

/** Same rules as the DynamoDB store: a write loses when any version it read has moved on. */
function memoryStore() {
  const sessions = new Map<string, Row<SessionState>>();
  const profiles = new Map<string, Row<CustomerProfile>>();
  const news = new Map<string, NewsItem[]>();
  const calls = { load: 0, save: 0, conflicts: 0 };
  /** Runs once before the next save, e.g. to let a "concurrent turn" write first. */
  let beforeNextSave: (() => void) | undefined;
  const sessionKey = (key: ConversationKey) =>
    `${key.channel}#${key.sessionId}${key.scope === undefined ? '' : `#${key.scope}`}`;

  const store: ConversationStore = {
    async load(key): Promise<LoadedConversation> {
      calls.load += 1;
      const session = sessions.get(sessionKey(key));
      const profile = key.phone === undefined ? undefined : profiles.get(key.phone);
      return {
        session: session ? structuredClone(session) : {},
        customer: profile ? structuredClone(profile) : {},
        news: key.phone === undefined ? [] : structuredClone(news.get(key.phone) ?? []),
      };
    },
    async save(write: ConversationWrite) {
      calls.save += 1;
      const hook = beforeNextSave;
      beforeNextSave = undefined;
      hook?.();
      const current = sessions.get(sessionKey(write.key));
      const phone = write.key.phone;
      const profile = phone === undefined ? undefined : profiles.get(phone);
      const waiting = phone === undefined ? [] : (news.get(phone) ?? []);
      const conflict =
        current?.version !== write.session.version ||
        (write.customer !== undefined && profile?.version !== write.customer.version) ||
        write.takenNews.some(
          (taken) =>
            !waiting.some((n) => n.entityKey === taken.entityKey && n.eventId === taken.eventId),
        );
      if (conflict) {
        calls.conflicts += 1;
        return 'conflict';
      }
      sessions.set(sessionKey(write.key), {
        value: structuredClone(write.session.value),
        version: (write.session.version ?? 0) + 1,
      });
      if (phone !== undefined && write.customer) {
        profiles.set(phone, {
          value: structuredClone(write.customer.value),
          version: (write.customer.version ?? 0) + 1,
        });
      }
      if (phone !== undefined) {
        news.set(
          phone,
          waiting.filter((n) => !write.takenNews.some((t) => t.entityKey === n.entityKey)),
        );
      }
      return 'saved';
    },
  };
  return {
    store,
    sessions,
    profiles,
    news,
    calls,
    addNews(phone: string, item: NewsItem) {
      news.set(phone, [...(news.get(phone) ?? []), item]);
    },
    beforeNextSave(hook: () => void) {
      beforeNextSave = hook;
    },
  };
}

/** `key(param=value,…)`, so assertions read what was said and with what. */
const fakeRender: Renderer = (locale, ref) => {
  const params = Object.entries(ref.params ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  const text = `${locale}:${ref.key}${params ? `(${params})` : ''}`;
  return { text, ssml: `<speak>${text}</speak>` };
};

function recordingLog(): EngineLog & {
  lines: { level: string; message: string; fields: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => lines.push({ level: 'error', message, fields }),
  };
}

const noUtterances: Record<Locale, readonly string[]> = {
  'en-US': [],
  'pl-PL': [],
  'ru-RU': [],
  'zh-CN': [],
};

/** A skill whose `run`/`validate` are the given functions; every context it saw is kept. */
export function fakeSkill(
  name: string,
  behaviour: {
    run?: (context: SkillContext) => SkillResult | Promise<SkillResult>;
    validate?: (context: SkillContext) => SkillResult;
    speakJob?: Skill['speakJob'];
    audience?: SkillAudience;
    slots?: readonly string[];
  },
): Skill & { contexts: SkillContext[] } {
  const contexts: SkillContext[] = [];
  return {
    name,
    audience: behaviour.audience ?? 'anyone',
    utterances: noUtterances,
    slots: behaviour.slots ?? [],
    contexts,
    validate(context) {
      contexts.push(context);
      return behaviour.validate?.(context) ?? { outcome: 'delegate', messages: [] };
    },
    async run(context) {
      contexts.push(context);
      return (await behaviour.run?.(context)) ?? { outcome: 'fulfilled', messages: [] };
    },
    ...(behaviour.speakJob && { speakJob: behaviour.speakJob }),
  };
}

const fallbackSkill = () =>
  fakeSkill('FallbackIntent', {
    run: () => ({ outcome: 'elicit', messages: [{ key: 'fallback.didNotUnderstand' }] }),
  });

/**
 * Matches text equal to a skill name (case-insensitive), clearly; "maybe <name>" matches it
 * unclearly; nothing else.
 */
const nameMatcher: IntentMatcher = (text, _locale, skills) => {
  const vague = text.toLowerCase().startsWith('maybe ');
  const said = vague ? text.slice('maybe '.length) : text;
  const name = Object.keys(skills).find((skill) => skill.toLowerCase() === said.toLowerCase());
  return name ? { intent: name, clear: !vague } : undefined;
};

export function engineDeps(options: {
  skills: Skill[];
  now?: () => number;
  partners?: Parameters<typeof testDeps>[0];
}) {
  const memory = memoryStore();
  const guards = memoryVerificationStore();
  const jobs = new Map<string, JobRecord>();
  const outbound = inMemoryOutbound();
  const log = recordingLog();
  const partners = testDeps(
    options.partners ?? { partners: {}, fetch: scriptedFetch(() => ({ status: 500 })) },
  );
  const fallback = fallbackSkill();
  const skills: SkillRegistry = Object.fromEntries(
    [fallback, ...options.skills].map((skill) => [skill.name, skill]),
  );
  const deps: EngineDeps = {
    store: memory.store,
    jobs: { get: async (jobId) => jobs.get(jobId) },
    outbound,
    partners: partners.deps,
    skills,
    matchIntent: nameMatcher,
    readSlot,
    sensitiveSlots: new Set(['pin', 'code']),
    verification: { store: guards, limits: defaultIdentityLimits, newCode: () => '123456' },
    render: fakeRender,
    hasMessage: (key): key is MessageKey => !key.includes('unknown'),
    timeZone: 'Europe/Warsaw',
    now: options.now ?? (() => Date.parse('2026-11-21T09:00:00Z')),
    log,
  };
  return { deps, memory, guards, jobs, outbound, log, fallback, partnerLog: partners.log };
}

let correlation = 0;

export function turn(overrides: Partial<Turn> = {}): Turn {
  return {
    channel: 'chat',
    sessionId: 'session-1',
    locale: 'en-US',
    inputMode: 'text',
    phase: 'fulfillment',
    slots: {},
    confirmation: 'none',
    correlationId: `corr-${++correlation}`,
    receivedAt: Date.parse('2026-11-21T09:00:00Z'),
    deadline: { at: Date.parse('2026-11-21T09:00:03Z') },
    // The engine's own tests speak as a proven caller unless they say otherwise.
    identity: overrides.phone === undefined ? 'anonymous' : 'verified',
    ...overrides,
  };
}

export const said = (reply: { messages: readonly { text: string }[] }) =>
  reply.messages.map((message) => message.text);

/** Keeps what the engine sent to `outbound`. */
function inMemoryOutbound(): OutboundPort & { readonly sent: ConversationEvent[] } {
  const sent: ConversationEvent[] = [];
  return {
    sent,
    async send(events) {
      sent.push(...events);
    },
  };
}
