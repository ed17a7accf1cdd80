import type { Skill, SkillContext } from '#shared/conversation/types.ts';
import { say } from './support.ts';

/**
 * What the agent reads before picking up: what the bot already did, in the agent's language
 * (English), with no personal data, since tickets are widely visible.
 */
function conversationSummary(context: SkillContext): string {
  const handled = context.conversation.intentsHandled;
  const minutes = Math.max(0, Math.round((context.now - context.conversation.startedAt) / 60_000));
  const topics = handled.length > 0 ? handled.join(', ') : 'nothing yet';
  return [
    `Caller asked for an agent via ${context.turn.channel} (${context.turn.inputMode}, ${context.turn.locale}).`,
    `Handled by the bot so far: ${topics}.`,
    `Conversation length: about ${minutes} min.`,
  ].join(' ');
}

export const talkToAgent: Skill = {
  name: 'TalkToAgent',
  audience: 'anyone',
  utterances: {
    'en-US': [
      'talk to an agent',
      'I want to speak to a human',
      'connect me to a person',
      'customer service representative',
      'operator',
    ],
    'pl-PL': [
      'chcę rozmawiać z konsultantem',
      'połącz mnie z człowiekiem',
      'poproszę konsultanta',
      'rozmowa z pracownikiem',
      'operator',
    ],
    'ru-RU': [
      'соедините с оператором',
      'хочу поговорить с человеком',
      'позовите сотрудника',
      'живой оператор',
      'оператор',
    ],
    'zh-CN': ['转人工', '我要找人工客服', '帮我转接客服', '我想和真人说话', '人工服务'],
  },
  slots: [],
  // A ticket and a hand-off.
  sideEffect: { confirmFirst: 'routing.confirmAgent' },

  validate: () => ({ outcome: 'delegate', messages: [] }),

  async run(context) {
    const summary = conversationSummary(context);
    const ticket = await context.callPartner?.('tickets', 'create', {
      subject: 'Caller asked for an agent',
      summary,
      priority: 'normal',
      channel: context.turn.channel,
      conversationId: context.turn.sessionId,
      tags: ['handoff', ...new Set(context.conversation.intentsHandled)],
    });
    // The caller is handed off either way: a missing ticket must not keep them from a person.
    const ticketId = ticket?.kind === 'ok' ? ticket.value.id : undefined;
    return {
      outcome: 'handoff',
      messages: [say('agent.transfer', ticketId ? { ticketId } : undefined)],
      events: [
        {
          type: 'handoff.requested',
          data: {
            summary,
            channel: context.turn.channel,
            sessionId: context.turn.sessionId,
            intentsHandled: [...context.conversation.intentsHandled],
            ...(ticketId ? { ticketId } : {}),
          },
        },
      ],
    };
  },
};
