/**
 * The one shape every channel takes, so one handler factory serves them all: read the platform's
 * request into a Turn, write the engine's Reply back in the platform's format, and apologise in
 * that format when there is no reply to give.
 */
import type { Deadline } from '#shared/conversation/deadline.ts';
import type { ChannelName, Locale, Reply, Turn } from '#shared/conversation/types.ts';

/** What an HTTP channel's credentials proved, checked before the body is read. */
export type Principal =
  /** A customer token the company's site signed: the caller is this customer, verified. */
  | { readonly kind: 'customer'; readonly subject: string; readonly phone: string }
  /** The bot platform itself (Dialogflow CX's webhook credentials): its caller id is the carrier's. */
  | { readonly kind: 'platform' };

export interface ParseMeta {
  readonly receivedAt: number;
  readonly deadline: Deadline;
  readonly correlationId: string;
  /** Absent when the request carried no credentials (or the channel has none). */
  readonly principal?: Principal;
}

/**
 * `ok: false` means the request is too broken to make a turn of. The apology still answers the
 * channel in `locale`, using `echo` when enough of the request survived to fill it, unless a
 * `refusal` says what the client has to correct instead.
 */
export type ParseResult<Echo, Refusal = never> =
  | { readonly ok: true; readonly turn: Turn; readonly echo: Echo }
  | {
      readonly ok: false;
      readonly locale: Locale;
      /** Logged, so it names what is wrong and never quotes the request (PINs, phone numbers). */
      readonly problem: string;
      readonly echo?: Echo;
      readonly refusal?: Refusal;
    };

/**
 * `Echo` is what the answer needs from the request (a platform that stores state replaces it
 * with what we send back); `Refusal` is only for clients that can correct their own requests.
 */
export interface ChannelAdapter<Event, Echo, Response, Refusal = never> {
  readonly name: ChannelName;
  parse(event: Event, meta: ParseMeta): ParseResult<Echo, Refusal>;
  render(reply: Reply, echo: Echo): Response;
  /** A valid answer for a request the engine never saw, or a turn that failed inside. */
  apology(locale: Locale, echo?: Echo): Response;
  /**
   * The platform's own id of the conversation (a Connect contact id), so one id joins a call's
   * turns, partner calls and jobs in the logs; absent, each invocation's request id is used.
   */
  correlationIdOf?(event: Event): string | undefined;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** The HTTP channels' refusal: a 4xx with a body that says what is wrong. */
export interface HttpErrorAnswer {
  readonly statusCode: 400 | 413 | 422;
  readonly body: ErrorBody;
}

export const errorBody = (code: string, message: string): ErrorBody => ({
  error: { code, message },
});

export const httpErrorAnswer = (
  statusCode: HttpErrorAnswer['statusCode'],
  code: string,
  message: string,
): HttpErrorAnswer => ({ statusCode, body: errorBody(code, message) });
