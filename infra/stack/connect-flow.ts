/**
 * A sample Amazon Connect contact flow (flow language JSON) around `connect-fulfillment`:
 * language choice, a keypad menu, the Lambda block with STRING_MAP validation, branches on the
 * reply's `outcome`, the pending → wait → `poll` loop, a spoken fallback on the Error branch,
 * transfer to a queue on `handoff`, and a disconnect flow that tells Switchboard the call ended.
 * Text the Lambda returns is already in the caller's language; only the menus are written here.
 */
import type { ConnectOutcome } from '#shared/channels/connect.ts';
import type { Locale } from '#shared/conversation/types.ts';

interface Condition {
  readonly NextAction: string;
  readonly Condition: { readonly Operator: 'Equals'; readonly Operands: readonly [string] };
}

export interface FlowAction {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: {
    readonly NextAction?: string;
    readonly Conditions?: readonly Condition[];
    readonly Errors?: readonly { readonly NextAction: string; readonly ErrorType: string }[];
  };
}

export interface ContactFlow {
  readonly Version: '2019-10-30';
  readonly StartAction: string;
  readonly Actions: readonly FlowAction[];
}

/** Connect's limit for a synchronous Lambda block. */
const lambdaTimeLimitSeconds = '8';
/** Polls before a caller still waiting is handed to a person. */
const maxPolls = 10;
/** Wrong or missing order numbers before a caller is handed to a person. */
const maxRetries = 3;

interface LanguageOption {
  readonly digit: string;
  readonly voice: string;
  readonly menu: string;
  readonly askOrderNumber: string;
  readonly apology: string;
}

/** Keypad menus per language; every Switchboard locale, since Connect speaks all four. */
const languages: Readonly<Record<Locale, LanguageOption>> = {
  'en-US': {
    digit: '1',
    voice: 'Joanna',
    menu: 'For the status of an order, press 1. To speak to an agent, press 0.',
    askOrderNumber: 'Please enter your order number, then press the pound key.',
    apology: 'Sorry, something went wrong. Let me connect you to an agent.',
  },
  'pl-PL': {
    digit: '2',
    voice: 'Ola',
    menu: 'Aby sprawdzić status zamówienia, naciśnij 1. Aby porozmawiać z konsultantem, naciśnij 0.',
    askOrderNumber: 'Wpisz numer zamówienia i naciśnij krzyżyk.',
    apology: 'Przepraszamy, coś poszło nie tak. Łączę z konsultantem.',
  },
  'ru-RU': {
    digit: '3',
    voice: 'Tatyana',
    menu: 'Чтобы узнать статус заказа, нажмите 1. Чтобы поговорить с оператором, нажмите 0.',
    askOrderNumber: 'Введите номер заказа и нажмите решётку.',
    apology: 'Извините, что-то пошло не так. Соединяю с оператором.',
  },
  'zh-CN': {
    digit: '4',
    voice: 'Zhiyu',
    menu: '查询订单状态请按1。转人工服务请按0。',
    askOrderNumber: '请输入您的订单号,然后按井号键。',
    apology: '抱歉,系统出现问题。正在为您转接人工客服。',
  },
};

const languageChoice =
  'For English, press 1. Po polsku naciśnij 2. По-русски нажмите 3. 中文服务请按4。';

const equals = (operand: string, next: string): Condition => ({
  NextAction: next,
  Condition: { Operator: 'Equals', Operands: [operand] },
});

const anyError = (next: string) => [{ NextAction: next, ErrorType: 'NoMatchingError' }];

function invokeLambda(
  id: string,
  functionArn: string,
  attributes: Record<string, string>,
  next: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'InvokeLambdaFunction',
    Parameters: {
      LambdaFunctionARN: functionArn,
      InvocationTimeLimitSeconds: lambdaTimeLimitSeconds,
      InvocationType: 'SYNCHRONOUS',
      LambdaInvocationAttributes: attributes,
      ResponseValidation: { ResponseType: 'STRING_MAP' },
    },
    Transitions: { NextAction: next, Errors: anyError(onError) },
  };
}

function say(id: string, ssml: string, next: string): FlowAction {
  return {
    Identifier: id,
    Type: 'MessageParticipant',
    Parameters: { SSML: ssml },
    Transitions: { NextAction: next, Errors: anyError(next) },
  };
}

function loop(id: string, count: number, looping: string, done: string): FlowAction {
  return {
    Identifier: id,
    Type: 'Loop',
    Parameters: { LoopCount: String(count) },
    Transitions: {
      NextAction: done,
      Conditions: [equals('ContinueLooping', looping), equals('DoneLooping', done)],
    },
  };
}

/** Where each Connect outcome goes; a `Record` so a new outcome does not compile until routed. */
const outcomeRoutes: Readonly<Record<ConnectOutcome, string>> = {
  fulfilled: 'say-result',
  failed: 'say-result',
  elicit: 'retries-left',
  pending: 'say-pending',
  handoff: 'say-handoff',
  idle: 'end',
};

export interface ContactFlowOptions {
  /** What every Lambda block invokes: `connect-fulfillment`'s `live` alias. */
  readonly functionArn: string;
  /** The queue a `handoff` transfers to. */
  readonly queueArn: string;
  /** The flow Connect runs when the caller hangs up. */
  readonly disconnectFlowArn: string;
}

/** The inbound flow. */
export function switchboardContactFlow(options: ContactFlowOptions): ContactFlow {
  const { functionArn } = options;
  const perLanguage = (Object.entries(languages) as [Locale, LanguageOption][]).flatMap(
    ([locale, option]): FlowAction[] => [
      {
        Identifier: `language-${locale}`,
        Type: 'UpdateContactData',
        Parameters: { LanguageCode: locale },
        Transitions: { NextAction: `voice-${locale}`, Errors: anyError(`voice-${locale}`) },
      },
      {
        Identifier: `voice-${locale}`,
        Type: 'UpdateContactTextToSpeechVoice',
        Parameters: { TextToSpeechVoice: option.voice, TextToSpeechEngine: 'Neural' },
        Transitions: { NextAction: `menu-${locale}`, Errors: anyError(`menu-${locale}`) },
      },
      {
        Identifier: `menu-${locale}`,
        Type: 'GetParticipantInput',
        Parameters: { Text: option.menu, StoreInput: 'False', InputTimeLimitSeconds: '6' },
        Transitions: {
          NextAction: 'invoke-agent',
          Conditions: [equals('1', `ask-order-${locale}`), equals('0', 'invoke-agent')],
          Errors: [
            { NextAction: 'invoke-agent', ErrorType: 'InputTimeLimitExceeded' },
            { NextAction: `menu-${locale}`, ErrorType: 'NoMatchingCondition' },
            { NextAction: 'invoke-agent', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      {
        Identifier: `ask-order-${locale}`,
        Type: 'GetParticipantInput',
        Parameters: {
          Text: option.askOrderNumber,
          StoreInput: 'True',
          InputTimeLimitSeconds: '10',
          DTMFConfiguration: { InputTerminationSequence: '#' },
          InputValidation: { CustomValidation: { MaximumLength: '12' } },
        },
        Transitions: { NextAction: 'invoke-order', Errors: anyError('invoke-agent') },
      },
      say(`apology-${locale}`, `<speak>${option.apology}</speak>`, 'set-queue'),
    ],
  );

  const actions: FlowAction[] = [
    {
      Identifier: 'set-disconnect-flow',
      Type: 'UpdateContactEventHooks',
      Parameters: { EventHooks: { CustomerRemaining: options.disconnectFlowArn } },
      Transitions: { NextAction: 'choose-language', Errors: anyError('choose-language') },
    },
    {
      Identifier: 'choose-language',
      Type: 'GetParticipantInput',
      Parameters: { Text: languageChoice, StoreInput: 'False', InputTimeLimitSeconds: '5' },
      Transitions: {
        NextAction: 'language-en-US',
        Conditions: Object.entries(languages).map(([locale, option]) =>
          equals(option.digit, `language-${locale}`),
        ),
        Errors: [
          { NextAction: 'language-en-US', ErrorType: 'InputTimeLimitExceeded' },
          { NextAction: 'language-en-US', ErrorType: 'NoMatchingCondition' },
          { NextAction: 'language-en-US', ErrorType: 'NoMatchingError' },
        ],
      },
    },
    ...perLanguage,
    invokeLambda(
      'invoke-order',
      functionArn,
      { intent: 'CheckOrderStatus', orderNumber: '$.StoredCustomerInput' },
      'route-outcome',
      'lambda-error',
    ),
    invokeLambda(
      'invoke-agent',
      functionArn,
      { intent: 'TalkToAgent' },
      'route-outcome',
      'lambda-error',
    ),
    invokeLambda('invoke-poll', functionArn, { action: 'poll' }, 'route-outcome', 'lambda-error'),
    {
      Identifier: 'route-outcome',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.External.outcome' },
      Transitions: {
        NextAction: 'say-result',
        Conditions: Object.entries(outcomeRoutes).map(([outcome, next]) => equals(outcome, next)),
        Errors: anyError('say-result').concat({
          NextAction: 'say-result',
          ErrorType: 'NoMatchingCondition',
        }),
      },
    },
    say('say-result', '$.External.ssml', 'end'),
    say('say-pending', '$.External.ssml', 'polls-left'),
    loop('polls-left', maxPolls, 'wait', 'invoke-agent'),
    // Voice contacts cannot use the Wait block; a few seconds of silence is the pause.
    say('wait', '<speak><break time="3s"/></speak>', 'invoke-poll'),
    loop('retries-left', maxRetries, 'ask-again', 'invoke-agent'),
    {
      Identifier: 'ask-again',
      Type: 'GetParticipantInput',
      Parameters: {
        SSML: '$.External.ssml',
        StoreInput: 'True',
        InputTimeLimitSeconds: '10',
        DTMFConfiguration: { InputTerminationSequence: '#' },
        InputValidation: { CustomValidation: { MaximumLength: '12' } },
      },
      Transitions: { NextAction: 'invoke-order', Errors: anyError('invoke-agent') },
    },
    say('say-handoff', '$.External.ssml', 'set-queue'),
    {
      // The Lambda failed or timed out: no localized answer, so the flow's own, by language.
      Identifier: 'lambda-error',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.LanguageCode' },
      Transitions: {
        NextAction: 'apology-en-US',
        Conditions: Object.keys(languages).map((locale) => equals(locale, `apology-${locale}`)),
        Errors: [
          { NextAction: 'apology-en-US', ErrorType: 'NoMatchingCondition' },
          { NextAction: 'apology-en-US', ErrorType: 'NoMatchingError' },
        ],
      },
    },
    {
      Identifier: 'set-queue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: options.queueArn },
      Transitions: { NextAction: 'transfer', Errors: anyError('end') },
    },
    {
      Identifier: 'transfer',
      Type: 'TransferContactToQueue',
      Parameters: {},
      Transitions: {
        Errors: [
          { NextAction: 'end', ErrorType: 'QueueAtCapacity' },
          { NextAction: 'end', ErrorType: 'NoMatchingError' },
        ],
      },
    },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ];
  return { Version: '2019-10-30', StartAction: 'set-disconnect-flow', Actions: actions };
}

/** Runs when the caller hangs up: `action: ended` says goodbye and emits `conversation.ended`. */
export function switchboardDisconnectFlow(functionArn: string): ContactFlow {
  return {
    Version: '2019-10-30',
    StartAction: 'invoke-ended',
    Actions: [
      invokeLambda('invoke-ended', functionArn, { action: 'ended' }, 'end', 'end'),
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** Actions that end a flow: no `NextAction` needed. */
const terminalTypes = new Set(['DisconnectParticipant', 'TransferContactToQueue']);

/**
 * What would make Connect refuse the flow or strand a caller: duplicate or unknown action ids,
 * a missing next step, an unreachable action, a Lambda block that is not STRING_MAP or calls
 * another function. Empty when the flow is sound.
 */
export function contactFlowProblems(flow: ContactFlow, functionArn: string): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const action of flow.Actions) {
    if (ids.has(action.Identifier))
      problems.push(`action "${action.Identifier}" is declared twice`);
    ids.add(action.Identifier);
  }
  const targets = (action: FlowAction): string[] => [
    ...(action.Transitions.NextAction ? [action.Transitions.NextAction] : []),
    ...(action.Transitions.Conditions ?? []).map((condition) => condition.NextAction),
    ...(action.Transitions.Errors ?? []).map((error) => error.NextAction),
  ];
  if (!ids.has(flow.StartAction)) problems.push(`StartAction "${flow.StartAction}" does not exist`);
  for (const action of flow.Actions) {
    for (const target of targets(action)) {
      if (!ids.has(target)) {
        problems.push(`action "${action.Identifier}" goes to "${target}", which does not exist`);
      }
    }
    if (!terminalTypes.has(action.Type) && !action.Transitions.NextAction) {
      problems.push(`action "${action.Identifier}" has no next action`);
    }
    if (action.Type === 'InvokeLambdaFunction') {
      const parameters = action.Parameters as {
        LambdaFunctionARN?: string;
        ResponseValidation?: { ResponseType?: string };
        InvocationTimeLimitSeconds?: string;
      };
      if (parameters.LambdaFunctionARN !== functionArn) {
        problems.push(`action "${action.Identifier}" invokes another function`);
      }
      if (parameters.ResponseValidation?.ResponseType !== 'STRING_MAP') {
        problems.push(`action "${action.Identifier}" does not validate a STRING_MAP`);
      }
      if (Number(parameters.InvocationTimeLimitSeconds) > 8) {
        problems.push(`action "${action.Identifier}" waits longer than Connect's 8 s`);
      }
      if (!action.Transitions.Errors?.length) {
        problems.push(`action "${action.Identifier}" has no Error branch`);
      }
    }
  }
  const reached = new Set<string>();
  const pending = [flow.StartAction];
  while (pending.length > 0) {
    const id = pending.pop() ?? '';
    if (reached.has(id)) continue;
    reached.add(id);
    const action = flow.Actions.find((candidate) => candidate.Identifier === id);
    if (action) pending.push(...targets(action));
  }
  for (const id of ids) if (!reached.has(id)) problems.push(`action "${id}" is never reached`);
  return problems;
}
