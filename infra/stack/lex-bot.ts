/**
 * The Amazon Lex V2 bot, generated from the skills: one intent per skill with its slots in the
 * order the skill asks for them, and the skill's own sample utterances in every locale Lex V2
 * supports — the same utterances the chat matcher scores free text against, so the two channels
 * understand the same sentences.
 */
import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lex from 'aws-cdk-lib/aws-lex';
import { Validations } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { Locale, Skill } from '#shared/conversation/types.ts';

/**
 * Switchboard locale → Lex V2 locale id. Lex V2 has Polish (`pl_PL`) and Mandarin (`zh_CN`) but
 * no Russian, so ru-RU callers reach the skills through Connect, Dialogflow CX or chat only.
 */
export const lexLocaleIds: Readonly<Record<Locale, string | undefined>> = {
  'en-US': 'en_US',
  'pl-PL': 'pl_PL',
  'ru-RU': undefined,
  'zh-CN': 'zh_CN',
};

/** Neural Polly voices that speak each Lex locale. */
const voices: Readonly<Record<string, string>> = {
  en_US: 'Joanna',
  pl_PL: 'Ola',
  zh_CN: 'Zhiyu',
};

/**
 * Lex's built-in slot type for each skill slot. Order numbers and PINs are AlphaNumeric, not
 * Number, because a leading zero is part of them; the skills check the digits themselves.
 */
export const lexSlotTypes: Readonly<Record<string, string>> = {
  orderNumber: 'AMAZON.AlphaNumeric',
  pin: 'AMAZON.AlphaNumeric',
  date: 'AMAZON.Date',
  time: 'AMAZON.Time',
  city: 'AMAZON.City',
};

/** Lex's own fallback, which it picks when no intent matches; the skill of the same name. */
const fallbackIntentName = 'FallbackIntent';

const slotReference = /\{(\w+)\}/g;

/**
 * Every Lex locale of the bot, built from the skills alone (no CDK tokens, so the definition can
 * be hashed and checked in tests). Slots are optional to Lex: the dialog code hook asks for them
 * in the caller's language, in the skill's order, with the skill's own validation.
 */
export function lexBotLocales(
  skills: readonly Skill[],
  sensitiveSlots: ReadonlySet<string>,
): lex.CfnBot.BotLocaleProperty[] {
  const problems = skills.flatMap((skill) =>
    skill.slots
      .filter((slot) => !Object.hasOwn(lexSlotTypes, slot))
      .map((slot) => `slot "${slot}" of ${skill.name} has no Lex slot type in lexSlotTypes`),
  );
  if (problems.length > 0) throw new Error(problems.join('; '));

  return Object.entries(lexLocaleIds).flatMap(([locale, localeId]) => {
    if (localeId === undefined) return [];
    return [
      {
        localeId,
        nluConfidenceThreshold: 0.4,
        voiceSettings: { voiceId: voices[localeId] ?? 'Joanna', engine: 'neural' },
        intents: skills.map((skill) => lexIntent(skill, locale as Locale, sensitiveSlots)),
      },
    ];
  });
}

function lexIntent(
  skill: Skill,
  locale: Locale,
  sensitiveSlots: ReadonlySet<string>,
): lex.CfnBot.IntentProperty {
  const fulfillmentCodeHook = { enabled: true };
  if (skill.name === fallbackIntentName) {
    // Lex's fallback has no utterances or slots of its own; only its fulfillment is ours.
    return {
      name: fallbackIntentName,
      parentIntentSignature: 'AMAZON.FallbackIntent',
      fulfillmentCodeHook,
    };
  }
  return {
    name: skill.name,
    sampleUtterances: skill.utterances[locale].map((utterance) => ({ utterance })),
    dialogCodeHook: { enabled: true },
    fulfillmentCodeHook,
    ...(skill.slots.length > 0 && {
      slots: skill.slots.map((slot) => ({
        name: slot,
        slotTypeName: lexSlotTypes[slot] ?? '',
        valueElicitationSetting: { slotConstraint: 'Optional' },
        // Lex then keeps the value out of its conversation logs.
        ...(sensitiveSlots.has(slot) && {
          obfuscationSetting: { obfuscationSettingType: 'DefaultObfuscation' },
        }),
      })),
      slotPriorities: skill.slots.map((slotName, index) => ({ slotName, priority: index + 1 })),
    }),
  };
}

/** The slot names a sample utterance refers to (`{orderNumber}`). */
export const referencedSlots = (utterance: string): string[] =>
  [...utterance.matchAll(slotReference)].map((match) => match[1] ?? '');

export interface SwitchboardLexBotProps {
  readonly botName: string;
  readonly skills: readonly Skill[];
  readonly sensitiveSlots: ReadonlySet<string>;
  /** The code hook: `lex-fulfillment`'s `live` alias. */
  readonly codeHook: lambda.IFunction;
}

/** The Lex V2 bot, a version of it, and the alias `live` that calls the code hook. */
export class SwitchboardLexBot extends Construct {
  readonly bot: lex.CfnBot;
  readonly version: lex.CfnBotVersion;
  readonly alias: lex.CfnBotAlias;

  constructor(scope: Construct, id: string, props: SwitchboardLexBotProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const botLocales = lexBotLocales(props.skills, props.sensitiveSlots);
    const localeIds = botLocales.map((locale) => locale.localeId);
    const codeHook = {
      lambdaCodeHook: { lambdaArn: props.codeHook.functionArn, codeHookInterfaceVersion: '1.0' },
    };
    const aliasLocaleSettings = localeIds.map((localeId) => ({
      localeId,
      botAliasLocaleSetting: { enabled: true, codeHookSpecification: codeHook },
    }));

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com'),
      description: `Lets the ${props.botName} bot speak with Amazon Polly`,
      inlinePolicies: {
        speech: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['polly:SynthesizeSpeech'], resources: ['*'] }),
          ],
        }),
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'polly:SynthesizeSpeech is scoped by lexicon ARN only; the bot uses no lexicons, so Polly needs "*" for its voices.',
    });

    this.bot = new lex.CfnBot(this, 'Bot', {
      name: props.botName,
      description: 'Switchboard skills, generated from shared/skills',
      roleArn: role.roleArn,
      dataPrivacy: { ChildDirected: false },
      idleSessionTtlInSeconds: 300,
      autoBuildBotLocales: true,
      botLocales,
      testBotAliasSettings: { botAliasLocaleSettings: aliasLocaleSettings },
    });

    // A version is immutable: naming the definition's hash makes every change a new version.
    const definitionHash = createHash('sha256')
      .update(JSON.stringify(botLocales))
      .digest('hex')
      .slice(0, 16);
    this.version = new lex.CfnBotVersion(this, 'Version', {
      botId: this.bot.attrId,
      description: `Definition ${definitionHash}`,
      botVersionLocaleSpecification: localeIds.map((localeId) => ({
        localeId,
        botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' },
      })),
    });

    this.alias = new lex.CfnBotAlias(this, 'Alias', {
      botId: this.bot.attrId,
      botAliasName: 'live',
      botVersion: this.version.attrBotVersion,
      botAliasLocaleSettings: aliasLocaleSettings,
    });

    props.codeHook.addPermission('LexBotAliasInvoke', {
      principal: new iam.ServicePrincipal('lexv2.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: this.alias.attrArn,
    });
    // The draft's built-in test alias, so the bot can be tried in the Lex console.
    props.codeHook.addPermission('LexTestAliasInvoke', {
      principal: new iam.ServicePrincipal('lexv2.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: stack.formatArn({
        service: 'lex',
        resource: 'bot-alias',
        resourceName: `${this.bot.attrId}/TSTALIASID`,
      }),
    });
  }
}
