import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { DomainError, LOGGER, problemStatus } from '#anlao/platform';
import { AUDIT_CLASS, type AuditClass } from './access.js';
import { AuditTrail, orgUnitOfActor, type AuditFact, type RecordedAuditClass } from './audit-trail.js';
import type { Principal } from './principal.js';

/** Query keys whose values may be personal (names, numbers): recorded as present, never their value. */
const PERSONAL_KEYS = /(name|phone|national|number|card|address|search|^q$)/i;
const ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const ID_FIELDS = ['id', 'residentId', 'centreId', 'staffId', 'clientId', 'visitId', 'ruleSetId', 'jobId'];
const PLACE_FIELDS = ['communityPath', 'orgUnit', 'path'];

const ACTIONS: Record<RecordedAuditClass, string> = {
  'personal-read': 'personal-data.read',
  'bulk-personal-read': 'personal-data.listed',
  write: 'record.written',
  admin: 'admin.performed',
  auth: 'auth.performed',
};

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The ids a response names (one record, or the items of a page). */
export function idsIn(body: unknown): string[] {
  const items = Array.isArray(body) ? body : (record(body)?.items ?? null);
  const objects = Array.isArray(items) ? items : [body];
  const ids: string[] = [];
  for (const item of objects) {
    const fields = record(item);
    if (!fields) continue;
    for (const key of ID_FIELDS) {
      const value = fields[key];
      if (typeof value === 'string' && ID.test(value)) {
        ids.push(value);
        break;
      }
    }
  }
  return ids;
}

/** How many records a list answer holds, or null for a single record. */
export function countIn(body: unknown): number | null {
  if (Array.isArray(body)) return body.length;
  const items = record(body)?.items;
  return Array.isArray(items) ? items.length : null;
}

/** A list's filter, with values of personal keys replaced. */
export function filterOf(query: unknown): Record<string, string> | null {
  const fields = record(query);
  if (!fields) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields).slice(0, 30)) {
    if (value === undefined) continue;
    const name = key.slice(0, 40);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out[name] = PERSONAL_KEYS.test(key) ? '[redacted]' : text.slice(0, 100);
  }
  return out;
}

export function outcomeOf(error: unknown): string {
  if (error instanceof DomainError) return `${problemStatus[error.kind]} ${error.code}`;
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === 'number' ? String(status) : 'error';
}

/** The audit fact of one call: route template (never the raw URL), ids, filter and count, outcome. */
export function auditFactOf(input: {
  auditClass: Exclude<AuditClass, 'read'>;
  principal: Principal;
  method: string;
  routeTemplate: string;
  params: unknown;
  query: unknown;
  body: unknown;
  outcome: string;
  correlationId: string;
}): AuditFact {
  const params = Object.values(record(input.params) ?? {}).filter(
    (v): v is string => typeof v === 'string' && ID.test(v),
  );
  const found = idsIn(input.body);
  const single = countIn(input.body) === null ? record(input.body) : null;
  const place = single
    ? PLACE_FIELDS.map((f) => single[f]).find((v): v is string => typeof v === 'string' && v.length > 0)
    : undefined;
  const bulk = input.auditClass === 'bulk-personal-read';
  return {
    action: ACTIONS[input.auditClass],
    auditClass: input.auditClass,
    actor: input.principal,
    orgUnit: place ?? orgUnitOfActor(input.principal),
    route: `${input.method} ${input.routeTemplate}`,
    targets: [...new Set([...params, ...found])],
    filter: bulk ? filterOf(input.query) : null,
    // A streamed answer (an export) is audited before its first row is read: its count is unknown (null).
    count: bulk ? countIn(input.body) : null,
    outcome: input.outcome,
    correlationId: input.correlationId,
  };
}

/**
 * Records every call of a route whose audit class is not `read`, in the service
 * that serves it, before the answer leaves: if the fact cannot be stored, the
 * caller gets an error instead of the data.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const auditClass = this.reflector.getAllAndOverride<AuditClass | undefined>(AUDIT_CLASS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const principal = request.user;
    if (!auditClass || auditClass === 'read' || !principal) return next.handle();
    const factFor = (body: unknown, outcome: string) =>
      auditFactOf({
        auditClass,
        principal,
        method: request.method,
        routeTemplate: request.routeOptions.url ?? 'unknown',
        params: request.params,
        query: request.query,
        body,
        outcome,
        correlationId: String(request.id),
      });
    return next.handle().pipe(
      mergeMap((body: unknown) => from(this.trail.record(factFor(body, 'ok')).then(() => body))),
      catchError((error: unknown) =>
        from(
          this.trail
            .record(factFor(undefined, outcomeOf(error)))
            .catch((failure: unknown) =>
              this.logger.error({ err: failure }, 'audit record of a failed call could not be stored'),
            )
            .then(() => {
              throw error;
            }),
        ),
      ),
    );
  }
}
