/** Every skill the bot has. Adding one: a new file beside this one, and a line here. */
import type { Skill } from '#shared/conversation/types.ts';
import { bookAppointment } from './book-appointment.ts';
import { checkLoyaltyBalance } from './check-loyalty-balance.ts';
import { checkOrderStatus } from './check-order-status.ts';
import { checkStoreHours } from './check-store-hours.ts';
import { fallbackIntent } from './fallback-intent.ts';
import { sendPaymentLink } from './send-payment-link.ts';
import { talkToAgent } from './talk-to-agent.ts';

export const skills: Readonly<Record<string, Skill>> = Object.fromEntries(
  [
    checkOrderStatus,
    checkLoyaltyBalance,
    bookAppointment,
    sendPaymentLink,
    talkToAgent,
    checkStoreHours,
    fallbackIntent,
  ].map((skill) => [skill.name, skill]),
);

/** Slot values the engine must never persist in a session, write back, nor log. */
export { verificationSlots as sensitiveSlots } from '#shared/identity/verification.ts';

export { type IntentMatch, matchIntent } from './match-intent.ts';
export { readSlot } from './read-slot.ts';
