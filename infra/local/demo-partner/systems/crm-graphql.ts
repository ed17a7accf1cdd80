/**
 * Just enough GraphQL for the CRM's lookup: one query operation with variables, aliases and
 * nested selections over a fixed schema. Fragments, directives, mutations and introspection are
 * refused with GraphQL-shaped errors, as a server with a narrower schema would.
 */
import type { CrmCustomer } from '../model.ts';

export interface GraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code: string };
}

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
}

interface Token {
  kind: 'punct' | 'name' | 'string' | 'number' | 'end';
  value: string;
  line: number;
  column: number;
}

class GraphQLSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, token: Pick<Token, 'line' | 'column'>) {
    super(`Syntax Error: ${message}`);
    this.line = token.line;
    this.column = token.column;
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const at = () => ({ line, column: index - lineStart + 1 });
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '\n') {
      index += 1;
      line += 1;
      lineStart = index;
      continue;
    }
    if (/[\s,\uFEFF]/.test(char)) {
      index += 1;
      continue;
    }
    if (char === '#') {
      while (index < source.length && source[index] !== '\n') index += 1;
      continue;
    }
    const position = at();
    if (source.startsWith('...', index)) {
      tokens.push({ kind: 'punct', value: '...', ...position });
      index += 3;
      continue;
    }
    if ('{}():!$[]=@'.includes(char)) {
      tokens.push({ kind: 'punct', value: char, ...position });
      index += 1;
      continue;
    }
    if (char === '"') {
      let value = '';
      index += 1;
      while (index < source.length && source[index] !== '"') {
        const next = source[index] as string;
        if (next === '\n') throw new GraphQLSyntaxError('Unterminated string.', position);
        if (next === '\\') {
          const escaped = source[index + 1] ?? '';
          const simple: Record<string, string> = {
            n: '\n',
            t: '\t',
            '"': '"',
            '\\': '\\',
            '/': '/',
          };
          if (escaped === 'u') {
            value += String.fromCharCode(Number.parseInt(source.slice(index + 2, index + 6), 16));
            index += 6;
            continue;
          }
          value += simple[escaped] ?? escaped;
          index += 2;
          continue;
        }
        value += next;
        index += 1;
      }
      if (index >= source.length) throw new GraphQLSyntaxError('Unterminated string.', position);
      index += 1;
      tokens.push({ kind: 'string', value, ...position });
      continue;
    }
    const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(index))?.[0];
    if (name) {
      tokens.push({ kind: 'name', value: name, ...position });
      index += name.length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(index))?.[0];
    if (number) {
      tokens.push({ kind: 'number', value: number, ...position });
      index += number.length;
      continue;
    }
    throw new GraphQLSyntaxError(`Unexpected character "${char}".`, position);
  }
  tokens.push({ kind: 'end', value: '<EOF>', ...at() });
  return tokens;
}

type Value =
  | { kind: 'variable'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null };

interface Field {
  alias: string;
  name: string;
  args: Map<string, Value>;
  selections: Field[] | null;
  line: number;
  column: number;
}

interface Operation {
  variables: Map<string, { type: string; defaultValue?: Value }>;
  selections: Field[];
}

class Parser {
  readonly #tokens: Token[];
  #position = 0;

  constructor(source: string) {
    this.#tokens = tokenize(source);
  }

  get #current(): Token {
    return this.#tokens[this.#position] as Token;
  }

  #advance(): Token {
    const token = this.#current;
    if (token.kind !== 'end') this.#position += 1;
    return token;
  }

  #peek(value: string): boolean {
    return this.#current.kind === 'punct' && this.#current.value === value;
  }

  #expect(value: string): void {
    if (!this.#peek(value)) {
      throw new GraphQLSyntaxError(
        `Expected "${value}", found ${this.#describe()}.`,
        this.#current,
      );
    }
    this.#advance();
  }

  #describe(): string {
    const token = this.#current;
    return token.kind === 'end' ? '<EOF>' : `"${token.value}"`;
  }

  #name(): string {
    if (this.#current.kind !== 'name') {
      throw new GraphQLSyntaxError(`Expected Name, found ${this.#describe()}.`, this.#current);
    }
    return this.#advance().value;
  }

  parseDocument(): Operation {
    const variables = new Map<string, { type: string; defaultValue?: Value }>();
    if (this.#current.kind === 'name') {
      const keyword = this.#current;
      if (keyword.value === 'fragment') {
        throw new GraphQLSyntaxError('Fragments are not supported by this server.', keyword);
      }
      if (keyword.value !== 'query') {
        throw new GraphQLSyntaxError(
          `Only query operations are supported, found "${keyword.value}".`,
          keyword,
        );
      }
      this.#advance();
      if (this.#current.kind === 'name') this.#advance();
      if (this.#peek('(')) this.#variableDefinitions(variables);
    }
    const selections = this.#selectionSet();
    if (this.#current.kind !== 'end') {
      throw new GraphQLSyntaxError(
        `Only one operation per document is supported, found ${this.#describe()}.`,
        this.#current,
      );
    }
    return { variables, selections };
  }

  #variableDefinitions(into: Map<string, { type: string; defaultValue?: Value }>): void {
    this.#expect('(');
    while (!this.#peek(')')) {
      this.#expect('$');
      const name = this.#name();
      this.#expect(':');
      const type = this.#type();
      const definition: { type: string; defaultValue?: Value } = { type };
      if (this.#peek('=')) {
        this.#advance();
        definition.defaultValue = this.#value();
      }
      into.set(name, definition);
    }
    this.#expect(')');
  }

  #type(): string {
    let type: string;
    if (this.#peek('[')) {
      this.#advance();
      type = `[${this.#type()}]`;
      this.#expect(']');
    } else {
      type = this.#name();
    }
    if (this.#peek('!')) {
      this.#advance();
      type += '!';
    }
    return type;
  }

  #selectionSet(): Field[] {
    this.#expect('{');
    const fields: Field[] = [];
    while (!this.#peek('}')) {
      if (this.#peek('...')) {
        throw new GraphQLSyntaxError('Fragments are not supported by this server.', this.#current);
      }
      if (this.#peek('@')) {
        throw new GraphQLSyntaxError('Directives are not supported by this server.', this.#current);
      }
      fields.push(this.#field());
    }
    this.#expect('}');
    if (fields.length === 0) {
      throw new GraphQLSyntaxError(
        'Expected at least one field in a selection set.',
        this.#current,
      );
    }
    return fields;
  }

  #field(): Field {
    const start = this.#current;
    let alias = this.#name();
    let name = alias;
    if (this.#peek(':')) {
      this.#advance();
      name = this.#name();
    } else {
      alias = name;
    }
    const args = new Map<string, Value>();
    if (this.#peek('(')) {
      this.#advance();
      while (!this.#peek(')')) {
        const argName = this.#name();
        this.#expect(':');
        args.set(argName, this.#value());
      }
      this.#expect(')');
    }
    const selections = this.#peek('{') ? this.#selectionSet() : null;
    return { alias, name, args, selections, line: start.line, column: start.column };
  }

  #value(): Value {
    const token = this.#current;
    if (this.#peek('$')) {
      this.#advance();
      return { kind: 'variable', name: this.#name() };
    }
    if (token.kind === 'string') return { kind: 'literal', value: this.#advance().value };
    if (token.kind === 'number') return { kind: 'literal', value: Number(this.#advance().value) };
    if (token.kind === 'name') {
      this.#advance();
      if (token.value === 'true') return { kind: 'literal', value: true };
      if (token.value === 'false') return { kind: 'literal', value: false };
      if (token.value === 'null') return { kind: 'literal', value: null };
      return { kind: 'literal', value: token.value };
    }
    throw new GraphQLSyntaxError(`Unexpected ${this.#describe()}.`, token);
  }
}

/** The schema the CRM exposes, as leaf and object fields per type. */
const schema: Record<string, Record<string, string>> = {
  Query: { customerByPhone: 'Customer', customer: 'Customer' },
  Customer: {
    id: 'ID',
    name: 'String',
    phone: 'String',
    email: 'String',
    locale: 'String',
    loyalty: 'Loyalty',
  },
  Loyalty: { points: 'Int', tier: 'String', updatedAt: 'String' },
};

const queryArguments: Record<string, { name: string; type: string }> = {
  customerByPhone: { name: 'phone', type: 'String!' },
  customer: { name: 'id', type: 'ID!' },
};

const objectTypes = new Set(['Query', 'Customer', 'Loyalty']);

function located(message: string, field: Field, code?: string): GraphQLError {
  return {
    message,
    locations: [{ line: field.line, column: field.column }],
    ...(code ? { extensions: { code } } : {}),
  };
}

function validateSelections(type: string, fields: Field[], errors: GraphQLError[]): void {
  for (const field of fields) {
    if (field.name === '__typename') continue;
    const fieldType = schema[type]?.[field.name];
    if (!fieldType) {
      errors.push(
        located(
          `Cannot query field "${field.name}" on type "${type}".`,
          field,
          'GRAPHQL_VALIDATION_FAILED',
        ),
      );
      continue;
    }
    const isObject = objectTypes.has(fieldType);
    if (isObject && !field.selections) {
      errors.push(
        located(
          `Field "${field.name}" of type "${fieldType}" must have a selection of subfields.`,
          field,
          'GRAPHQL_VALIDATION_FAILED',
        ),
      );
    }
    if (!isObject && field.selections) {
      errors.push(
        located(
          `Field "${field.name}" must not have a selection since type "${fieldType}" has no subfields.`,
          field,
          'GRAPHQL_VALIDATION_FAILED',
        ),
      );
    }
    if (isObject && field.selections) validateSelections(fieldType, field.selections, errors);
  }
}

function project(
  type: string,
  source: Record<string, unknown>,
  fields: Field[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.name === '__typename') {
      result[field.alias] = type;
      continue;
    }
    const value = source[field.name];
    const fieldType = schema[type]?.[field.name] as string;
    result[field.alias] =
      field.selections && value !== null && typeof value === 'object'
        ? project(fieldType, value as Record<string, unknown>, field.selections)
        : (value ?? null);
  }
  return result;
}

export interface CrmLookups {
  byPhone(phone: string): CrmCustomer | undefined;
  byId(id: string): CrmCustomer | undefined;
  isPhone(value: string): boolean;
}

function customerSource(customer: CrmCustomer): Record<string, unknown> {
  const { pin: _pin, ...visible } = customer;
  return visible;
}

export function executeCrmQuery(
  query: string,
  variables: Record<string, unknown>,
  lookups: CrmLookups,
): GraphQLResult {
  let operation: Operation;
  try {
    operation = new Parser(query).parseDocument();
  } catch (error) {
    if (error instanceof GraphQLSyntaxError) {
      return {
        errors: [
          {
            message: error.message,
            locations: [{ line: error.line, column: error.column }],
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      };
    }
    throw error;
  }

  const errors: GraphQLError[] = [];
  validateSelections('Query', operation.selections, errors);
  const resolvedArgs = new Map<Field, string>();
  for (const field of operation.selections) {
    const expected = queryArguments[field.name];
    if (!expected) continue;
    for (const argName of field.args.keys()) {
      if (argName !== expected.name) {
        errors.push(
          located(
            `Unknown argument "${argName}" on field "Query.${field.name}".`,
            field,
            'GRAPHQL_VALIDATION_FAILED',
          ),
        );
      }
    }
    const arg = field.args.get(expected.name);
    if (!arg) {
      errors.push(
        located(
          `Field "${field.name}" argument "${expected.name}" of type "${expected.type}" is required, but it was not provided.`,
          field,
          'GRAPHQL_VALIDATION_FAILED',
        ),
      );
      continue;
    }
    let value: unknown;
    if (arg.kind === 'variable') {
      const definition = operation.variables.get(arg.name);
      if (!definition) {
        errors.push(
          located(`Variable "$${arg.name}" is not defined.`, field, 'GRAPHQL_VALIDATION_FAILED'),
        );
        continue;
      }
      value =
        variables[arg.name] ??
        (definition.defaultValue?.kind === 'literal' ? definition.defaultValue.value : undefined);
      if (value === undefined || value === null) {
        errors.push(
          located(
            `Variable "$${arg.name}" of required type "${definition.type}" was not provided.`,
            field,
            'BAD_USER_INPUT',
          ),
        );
        continue;
      }
    } else {
      value = arg.value;
    }
    if (typeof value !== 'string') {
      errors.push(
        located(
          `Argument "${expected.name}" of type "${expected.type}" must be a string.`,
          field,
          'BAD_USER_INPUT',
        ),
      );
      continue;
    }
    resolvedArgs.set(field, value);
  }
  if (errors.length > 0) return { errors };

  const data: Record<string, unknown> = {};
  const fieldErrors: GraphQLError[] = [];
  for (const field of operation.selections) {
    if (field.name === '__typename') {
      data[field.alias] = 'Query';
      continue;
    }
    const argument = resolvedArgs.get(field) as string;
    if (field.name === 'customerByPhone' && !lookups.isPhone(argument)) {
      data[field.alias] = null;
      fieldErrors.push({
        ...located(
          'phone must be an E.164 phone number such as +48500100200',
          field,
          'BAD_USER_INPUT',
        ),
        path: [field.alias],
      });
      continue;
    }
    const customer =
      field.name === 'customerByPhone' ? lookups.byPhone(argument) : lookups.byId(argument);
    data[field.alias] = customer
      ? project('Customer', customerSource(customer), field.selections ?? [])
      : null;
  }
  return fieldErrors.length > 0 ? { data, errors: fieldErrors } : { data };
}
