import type { PartnerRequest, PartnerResponse } from './http.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Returns a response to reject the call, or undefined to let it through. */
export type Authenticator<Context> = (
  req: PartnerRequest,
  ctx: Context,
) => PartnerResponse | undefined;

export interface Route<Context> {
  readonly method: HttpMethod;
  /** Literal segments and `{name}` parameters, e.g. `/shop/orders/{orderNumber}`. */
  readonly path: string;
  /** Name used by faults and call counters; a function when the body decides (GraphQL). */
  readonly operation: string | ((req: PartnerRequest) => string);
  /** Every route names its auth, so an open route is a visible decision. */
  readonly auth: Authenticator<Context> | 'none';
  handle(req: PartnerRequest, ctx: Context): PartnerResponse | Promise<PartnerResponse>;
}

type Segment = { literal: string } | { param: string };

interface CompiledRoute<Context> {
  route: Route<Context>;
  segments: Segment[];
}

export type RouteMatch<Context> =
  | { kind: 'found'; route: Route<Context>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function compile(path: string): Segment[] {
  return splitPath(path).map((segment) => {
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    return param ? { param } : { literal: segment };
  });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] as string;
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
      continue;
    }
    try {
      params[segment.param] = decodeURIComponent(part);
    } catch {
      return undefined;
    }
  }
  return params;
}

export class Router<Context> {
  readonly #routes: CompiledRoute<Context>[] = [];

  add(routes: readonly Route<Context>[]): this {
    for (const route of routes) this.#routes.push({ route, segments: compile(route.path) });
    return this;
  }

  get routes(): readonly Route<Context>[] {
    return this.#routes.map(({ route }) => route);
  }

  match(method: string, path: string): RouteMatch<Context> {
    const parts = splitPath(path);
    const allowed: HttpMethod[] = [];
    for (const { route, segments } of this.#routes) {
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
