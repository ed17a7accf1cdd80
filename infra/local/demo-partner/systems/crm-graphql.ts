/**
 * The CRM's GraphQL endpoint: a read-only schema over the demo records, run by graphql-js.
 * Errors carry the `extensions.code` values common GraphQL servers send, because the connector
 * tells a caller's mistake (BAD_USER_INPUT) from a broken partner by that code.
 */
import {
  type ASTVisitor,
  buildSchema,
  type DocumentNode,
  executeSync,
  GraphQLError,
  type GraphQLFormattedError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  type ValidationContext,
  validate,
} from 'graphql';
import type { CrmCustomer } from '../model.ts';

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

export interface CrmLookups {
  byPhone(phone: string): CrmCustomer | undefined;
  byId(id: string): CrmCustomer | undefined;
  isPhone(value: string): boolean;
}

const schema = buildSchema(`
  type Query {
    customerByPhone(phone: String!): Customer
    customer(id: ID!): Customer
  }

  type Customer {
    id: ID!
    name: String!
    phone: String!
    email: String!
    locale: String!
    loyalty: Loyalty!
  }

  type Loyalty {
    points: Int!
    tier: String!
    updatedAt: String!
  }
`);

/**
 * graphql-js 16 only notices a missing root type while executing, and then answers `data: null`.
 * A document the schema cannot run is invalid, so it is refused with no `data`, like any other.
 */
function knownOperationTypes(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, {
          nodes: node,
        }),
      );
    },
  };
}

/** Introspection stays off, as on many production APIs: Switchboard sends a fixed query. */
const rules = [...specifiedRules, knownOperationTypes, NoSchemaIntrospectionCustomRule];

/** With an SDL schema, graphql-js calls the root value's functions with the field's arguments. */
function resolvers(lookups: CrmLookups) {
  return {
    customerByPhone({ phone }: { phone: string }) {
      if (!lookups.isPhone(phone)) {
        throw new GraphQLError('phone must be an E.164 phone number such as +48500100200', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return lookups.byPhone(phone);
    },
    customer: ({ id }: { id: string }) => lookups.byId(id),
  };
}

function refused(errors: readonly GraphQLError[], code: string): GraphQLResult {
  return { errors: errors.map((error) => ({ ...error.toJSON(), extensions: { code } })) };
}

export function executeCrmQuery(
  query: string,
  variables: Record<string, unknown>,
  lookups: CrmLookups,
  operationName?: string | null,
): GraphQLResult {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return refused([error], 'GRAPHQL_PARSE_FAILED');
    throw error;
  }
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) return refused(invalid, 'GRAPHQL_VALIDATION_FAILED');

  const result = executeSync({
    schema,
    document,
    rootValue: resolvers(lookups),
    variableValues: variables,
    operationName,
  });
  // No `data` means execution never began: the variables or operation name did not fit.
  if (!('data' in result)) return refused(result.errors ?? [], 'BAD_USER_INPUT');
  const { data, errors } = result;
  return errors ? { data, errors: errors.map((error) => error.toJSON()) } : { data };
}
