/**
 * Per-customer guards shared by every session and channel: wrong PIN/code attempts, the one
 * one-time code outstanding, and side-effect quotas. Every decision is one conditional write,
 * so no number of concurrent turns can get past a limit.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { StateTable } from './table-access.ts';
import {
  attemptsItemSchema,
  expiresAt,
  guardTtlSeconds,
  oneTimeCodeKey,
  sideEffectQuotaKey,
  verificationAttemptsKey,
} from './table-design.ts';

export interface Window {
  readonly max: number;
  readonly windowMs: number;
  readonly nowMs: number;
}

/** `used`: attempts taken in the window, this one included. */
export type AttemptReservation =
  | { readonly granted: true; readonly used: number }
  | { readonly granted: false; readonly lockedUntil: number };

export interface StoredCode {
  /** A digest of the code bound to the session; the code itself is never stored. */
  readonly digest: string;
  readonly validUntil: number;
}

export interface VerificationStore {
  /** Takes an attempt before the check is made, so a burst cannot outrun the count. */
  reserveAttempt(phone: string, window: Window): Promise<AttemptReservation>;
  /** Gives back an attempt whose check never happened (the CRM did not answer). */
  releaseAttempt(phone: string): Promise<void>;
  /** A right answer: the customer starts from a clean slate. */
  clearAttempts(phone: string): Promise<void>;
  /** Replaces any code outstanding for the customer. */
  putCode(phone: string, code: StoredCode, nowMs: number): Promise<void>;
  /** Deletes the code if it is this digest and still valid: each code works once. */
  takeCode(phone: string, digest: string, nowMs: number): Promise<boolean>;
  takeQuota(phone: string, effect: string, window: Window): Promise<boolean>;
}

const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException;

export function verificationStore(table: StateTable): VerificationStore {
  const { dynamo, tableName } = table;

  /** Only when no window is running: the first attempt opens a new one. */
  async function openWindow(phone: string, window: Window): Promise<boolean> {
    try {
      await dynamo.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: marshall(verificationAttemptsKey(phone)),
          UpdateExpression: 'SET #count = :one, windowEndsAt = :ends, expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(windowEndsAt) OR windowEndsAt <= :now',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: marshall({
            ':one': 1,
            ':ends': window.nowMs + window.windowMs,
            ':now': window.nowMs,
            ':ttl': expiresAt(window.nowMs, guardTtlSeconds(window.windowMs)),
          }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return {
    async reserveAttempt(phone, window) {
      if (await openWindow(phone, window)) return { granted: true, used: 1 };
      try {
        const { Attributes } = await dynamo.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall(verificationAttemptsKey(phone)),
            UpdateExpression: 'ADD #count :one',
            ConditionExpression: 'windowEndsAt > :now AND #count < :max',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: marshall({
              ':one': 1,
              ':now': window.nowMs,
              ':max': window.max,
            }),
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        const item = attemptsItemSchema.safeParse(Attributes && unmarshall(Attributes));
        return { granted: true, used: item.success ? item.data.count : window.max };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const old = attemptsItemSchema.safeParse(error.Item && unmarshall(error.Item));
        // The window ended between the two writes: the caller simply tries again later.
        return {
          granted: false,
          lockedUntil: old.success ? old.data.windowEndsAt : window.nowMs + window.windowMs,
        };
      }
    },

    async releaseAttempt(phone) {
      try {
        await dynamo.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall(verificationAttemptsKey(phone)),
            UpdateExpression: 'ADD #count :minusOne',
            ConditionExpression: '#count > :zero',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: marshall({ ':minusOne': -1, ':zero': 0 }),
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async clearAttempts(phone) {
      await dynamo.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: marshall(verificationAttemptsKey(phone)),
        }),
      );
    },

    async putCode(phone, code, nowMs) {
      await dynamo.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            ...oneTimeCodeKey(phone),
            digest: code.digest,
            validUntil: code.validUntil,
            expiresAt: expiresAt(nowMs, guardTtlSeconds(code.validUntil - nowMs)),
          }),
        }),
      );
    },

    async takeCode(phone, digest, nowMs) {
      try {
        await dynamo.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: marshall(oneTimeCodeKey(phone)),
            ConditionExpression: 'digest = :digest AND validUntil > :now',
            ExpressionAttributeValues: marshall({ ':digest': digest, ':now': nowMs }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async takeQuota(phone, effect, window) {
      const windowIndex = Math.floor(window.nowMs / window.windowMs);
      try {
        await dynamo.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: marshall(sideEffectQuotaKey(phone, effect, windowIndex)),
            UpdateExpression: 'ADD #count :one SET expiresAt = :ttl',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: marshall({
              ':one': 1,
              ':max': window.max,
              ':ttl': expiresAt(window.nowMs, guardTtlSeconds(window.windowMs)),
            }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
