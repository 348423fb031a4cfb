import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { withEvents } from '#anlao/messaging';
import { cardDigester, CONFIG, localDay, type ServiceConfig } from '#anlao/platform';
import { assertVisible, type Principal } from '#anlao/auth';
import { asScoped, CentreRepository } from '../centres/centre.repository.js';
import { assertActive } from '../centres/centre-facts.js';
import { CENTRES_CONFIG, type CentresConfig } from '../centres.config.js';
import { ResidentCopyRepository } from '#anlao/resident-copies';
import {
  fingerprintOf,
  kindOf,
  openingHoursRejection,
  residentRejection,
  timeRejection,
  type NormalizedVisit,
  type ReportedVisit,
  type Resolution,
  type VisitRulesContext,
} from './visit-rules.js';
import { VisitRepository, type VisitWrite } from './visit.repository.js';
import type { RecordVisitsResponse, VisitResult } from './visit.dto.js';
import { CheckOutVisitsUseCase, type CheckOut } from './check-out-visits.usecase.js';
import { VisitsOutbox } from './visits-outbox.js';
import { visitFault } from './visit-fault.js';

interface CheckIn {
  index: number;
  visit: ReportedVisit;
  checkInAt: Date;
  checkOutAt: Date | null;
}

@Injectable()
export class RecordVisitsUseCase {
  /** A swiped number is looked up by its keyed digest, as the card events carry it (ADR 0021). */
  private readonly digest: (cardNumber: string) => string;
  private readonly dieAfterInsert: () => void;

  constructor(
    private readonly centres: CentreRepository,
    private readonly visits: VisitRepository,
    private readonly residents: ResidentCopyRepository,
    private readonly checkOuts: CheckOutVisitsUseCase,
    private readonly outbox: VisitsOutbox,
    @Inject(CENTRES_CONFIG) private readonly settings: CentresConfig,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {
    this.digest = cardDigester(settings.CARD_DIGEST_KEY);
    this.dieAfterInsert = visitFault(settings.VISIT_FAULT, config.NODE_ENV);
  }

  /**
   * Judges each item on its own and answers one result per item, in order:
   * `recorded`, `duplicate` (same visit id, same facts: nothing stored), `conflict`
   * (same id, other facts: the first stands) or `rejected` with a code. One bad item
   * never blocks the others. Each stored visit carries its event in the same write.
   */
  async execute(
    principal: Principal,
    centreId: string,
    reported: ReportedVisit[],
    correlationId: string,
    now = new Date(),
  ): Promise<RecordVisitsResponse> {
    // A centre reports its own visits only; any other centre reads as unknown.
    const centre = assertVisible(principal, asScoped(await this.centres.findById(centreId)), {
      code: 'centre.not-found',
      detail: `no centre ${centreId}`,
    });
    // A deactivated centre reports nothing more: the whole request is refused, nothing stored.
    assertActive(centre);
    const ctx: VisitRulesContext = {
      now,
      lateWindowDays: this.settings.VISIT_LATE_WINDOW_DAYS,
      timeZone: this.config.TIME_ZONE,
      centre: {
        communityPath: centre.communityPath,
        communityOnly: centre.communityOnly ?? false,
        openingHours: centre.openingHours ?? null,
      },
    };
    const results = new Array<VisitResult>(reported.length);
    const checkIns: CheckIn[] = [];
    const checkOuts: { index: number; checkOut: CheckOut }[] = [];
    const seen = new Set<string>();
    reported.forEach((visit, index) => {
      const rejected = (r: { code: VisitResult['code']; reason: string; retryable?: true }) =>
        (results[index] = { visitId: visit.visitId, status: 'rejected', ...r });
      if (seen.has(visit.visitId))
        return rejected({
          code: 'visit.repeated-in-batch',
          reason: 'the visitId appears earlier in this request',
        });
      seen.add(visit.visitId);
      const kind = kindOf(visit);
      if (kind.kind === 'invalid') return rejected(kind.rejection);
      if (kind.kind === 'check-out')
        return checkOuts.push({ index, checkOut: { visitId: visit.visitId, checkOutAt: kind.checkOutAt } });
      const timing =
        timeRejection(kind.checkInAt, kind.checkOutAt, ctx) ?? openingHoursRejection(kind.checkInAt, ctx);
      if (timing) return rejected(timing);
      checkIns.push({ index, visit, checkInAt: kind.checkInAt, checkOutAt: kind.checkOutAt });
    });

    const accepted = await this.acceptResidents(checkIns, ctx, results);
    await this.store(centreId, centre.communityPath, correlationId, accepted, results);
    const closed = await this.checkOuts.execute(
      centreId,
      checkOuts.map((c) => c.checkOut),
      { ...ctx, orgUnit: centre.communityPath, correlationId },
    );
    checkOuts.forEach((c, i) => (results[c.index] = closed[i] as VisitResult));
    const count = (status: VisitResult['status']) => results.filter((r) => r.status === status).length;
    return {
      results,
      recorded: count('recorded'),
      duplicates: count('duplicate'),
      conflicts: count('conflict'),
      rejected: count('rejected'),
    };
  }

  /** Resolves who each check-in names from the read model (`_id` look-ups only) and applies the resident rules. */
  private async acceptResidents(
    checkIns: CheckIn[],
    ctx: VisitRulesContext,
    results: VisitResult[],
  ): Promise<{ index: number; visit: NormalizedVisit }[]> {
    const digestOf = new Map(
      checkIns.flatMap((c) =>
        c.visit.cardNumber ? [[c.visit.cardNumber, this.digest(c.visit.cardNumber)]] : [],
      ),
    );
    const cards = await this.residents.findDigests([...new Set(digestOf.values())]);
    const cardOf = (c: CheckIn) =>
      c.visit.cardNumber ? cards.get(digestOf.get(c.visit.cardNumber) ?? '') : undefined;
    const residentIdOf = (c: CheckIn) => c.visit.residentId ?? cardOf(c)?.residentId;
    const copies = await this.residents.findMany([
      ...new Set(checkIns.flatMap((c) => residentIdOf(c) ?? [])),
    ]);
    return checkIns.flatMap((c) => {
      const residentId = residentIdOf(c);
      const copy = residentId ? (copies.get(residentId) ?? null) : null;
      const resolution: Resolution = c.visit.cardNumber
        ? { by: 'card', copy, cardId: cardOf(c)?.cardId ?? null }
        : { by: 'resident', copy };
      const judged = residentRejection(resolution, c.checkInAt, ctx);
      if ('rejection' in judged) {
        results[c.index] = { visitId: c.visit.visitId, status: 'rejected', ...judged.rejection };
        return [];
      }
      const activity = c.visit.activity ?? 'day-care'; // kindOf has required it
      return [
        {
          index: c.index,
          visit: {
            visitId: c.visit.visitId,
            residentId: judged.residentId,
            activity,
            checkInAt: c.checkInAt,
            checkOutAt: c.checkOutAt,
            fingerprint: fingerprintOf(judged.residentId, activity, c.checkInAt, c.checkOutAt),
          },
        },
      ];
    });
  }

  /** Inserts the accepted visits; the store's unique `_id` tells new from duplicate or conflict. */
  private async store(
    centreId: string,
    orgUnit: string,
    correlationId: string,
    accepted: { index: number; visit: NormalizedVisit }[],
    results: VisitResult[],
  ): Promise<void> {
    // One outbox intent per request, not one pending outbox per visit (ADR 0024).
    const batchId = `${centreId}:${randomUUID()}`;
    const candidates = accepted.map(({ visit: v }) => {
      const _id = `${centreId}:${v.visitId}`;
      const event = createEvent({
        type: 'visit.recorded',
        source: 'centres',
        subject: _id,
        orgUnit,
        correlationId,
        payload: {
          visitId: v.visitId,
          centreId,
          residentId: v.residentId,
          activity: v.activity,
          checkInAt: v.checkInAt.toISOString(),
          checkOutAt: v.checkOutAt?.toISOString() ?? null,
        },
      });
      const day = localDay(v.checkInAt, this.config.TIME_ZONE);
      const document: VisitWrite = {
        _id,
        centreId,
        day,
        batchId,
        voidedAt: null,
        voidReason: null,
        voidNote: null,
        voidedBy: null,
        ...v,
        ...withEvents([]),
      };
      return { document, event };
    });
    const documents = candidates.map((c) => c.document);
    if (documents.length > 0)
      await this.outbox.batches.open(
        batchId,
        candidates.map((c) => ({ docId: c.document._id, event: c.event })),
      );
    const existed = await this.visits.insertNew(documents);
    if (documents.length > 0) this.dieAfterInsert();
    if (documents.length > 0)
      await this.outbox.batches.seal(
        batchId,
        candidates.filter((c) => !existed.has(c.document._id)).map((c) => c.event),
      );
    const stored =
      existed.size > 0 ? await this.visits.fingerprints([...existed]) : new Map<string, string>();
    accepted.forEach(({ index }, i) => {
      const d = documents[i] as VisitWrite;
      results[index] = !existed.has(d._id)
        ? { visitId: d.visitId, status: 'recorded' }
        : { visitId: d.visitId, status: stored.get(d._id) === d.fingerprint ? 'duplicate' : 'conflict' };
    });
  }
}
