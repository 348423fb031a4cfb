import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertMayWriteIn, assertVisible, canSee, scopeFilter, type Principal } from '#anlao/auth';
import { createEvent, type EventEnvelope, type PayloadOf } from '#anlao/events';
import { CONFIG, DomainError, localDay, type ServiceConfig } from '#anlao/platform';
import type { RuleSet } from '../eligibility/eligibility-rules.js';
import { EligibilityService } from '../eligibility/eligibility.service.js';
import { OrgUnitsUseCase } from '../org-units/org-units.usecase.js';
import { RESIDENTS_CONFIG, type ResidentsConfig } from '../residents.config.js';
import { validatePhone } from './national-id.js';
import { ProtectedIds } from './protected-id.js';
import { validateResidentInput } from './resident-csv.js';
import { residentView, showsWholeId, type ResidentReadKind, type ResidentView } from './resident-view.js';
import { ResidentRepository, type ExistingResident, type ResidentListFilter } from './resident.repository.js';
import type { Resident } from './resident.schema.js';
import type { ResidentInput } from './resident.types.js';

export const AGE_BANDS = ['60-69', '70-79', '80-89', '90+', '60+', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  // 29 February in a year without one: the last day of February.
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** An age band as inclusive birth-date bounds, on a given day. */
export function birthDateBounds(
  band: AgeBand,
  today: string,
): { bornOnOrAfter?: string; bornOnOrBefore?: string } {
  const [low, high] = band.endsWith('+') ? [Number(band.slice(0, -1)), null] : band.split('-').map(Number);
  return {
    bornOnOrBefore: shiftYears(today, low ?? 0),
    ...(high !== null && high !== undefined ? { bornOnOrAfter: nextDay(shiftYears(today, high + 1)) } : {}),
  };
}

@Injectable()
export class RegistryUseCase {
  private readonly ids: ProtectedIds;

  constructor(
    private readonly residents: ResidentRepository,
    private readonly units: OrgUnitsUseCase,
    private readonly eligibility: EligibilityService,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(RESIDENTS_CONFIG) residentsConfig: ResidentsConfig,
  ) {
    this.ids = new ProtectedIds(residentsConfig.RESIDENT_ID_HASH_KEY, residentsConfig.RESIDENT_DATA_KEY);
  }

  orgUnit(code: string) {
    return this.units.find(code);
  }

  today(): string {
    return localDay(new Date(), this.config.TIME_ZONE);
  }

  /** The API shape of a resident; see `ResidentReadKind` for who sees the ID number whole, and where. */
  view(principal: Principal, r: Resident, kind: ResidentReadKind): ResidentView {
    return residentView(r, this.ids.decrypt(r.nationalIdSealed), showsWholeId(principal, kind));
  }

  async get(principal: Principal, id: string): Promise<Resident> {
    return assertVisible(principal, scoped(await this.residents.findById(id)), notFound(id));
  }

  async findByNationalId(principal: Principal, nationalId: string): Promise<Resident> {
    const r = await this.residents.findByHash(this.ids.hash(nationalId.trim().toUpperCase()));
    return assertVisible(principal, scoped(r), {
      code: 'resident.not-found',
      detail: 'no resident with this number in your unit',
    });
  }

  list(
    principal: Principal,
    filter: ResidentListFilter,
    page: { after?: string; limit: number },
  ): Promise<Resident[]> {
    return this.residents.list(scopeFilter(principal, { orgUnit: 'communityPath' }), filter, page);
  }

  private async communityPathOf(code: string): Promise<string> {
    const unit = await this.units.find(code);
    if (!unit || unit.level !== 'community') {
      throw new DomainError('invalid', 'resident.invalid', 'communityCode is not a known community', [
        { field: 'communityCode', message: 'a known community code' },
      ]);
    }
    return unit.path;
  }

  /**
   * A new resident record and its events. An import job gives `id`, derived from the job
   * and the line so that a page redone after a crash recognises its own rows, and the rule
   * set in force today, read once per page.
   */
  async build(
    input: ResidentInput & { birthDate: string; sex: 'male' | 'female' },
    communityPath: string,
    correlationId: string,
    id = `r-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    ruleSetToday?: RuleSet,
  ): Promise<{ resident: Resident; events: EventEnvelope[] }> {
    const today = this.today();
    const base = {
      _id: id,
      nationalIdHash: this.ids.hash(input.nationalId),
      nationalIdSealed: this.ids.encrypt(input.nationalId),
      name: input.name,
      sex: input.sex,
      birthDate: input.birthDate,
      birthMonthDay: input.birthDate.slice(5),
      phone: input.phone,
      address: input.address,
      communityCode: input.communityCode,
      communityPath,
      hukou: input.hukou,
      livingArrangement: input.livingArrangement,
      familyStatus: input.familyStatus,
      economicStatus: input.economicStatus,
      selfCare: input.selfCare,
      disabilities: input.disabilities ?? [],
      chronicConditions: input.chronicConditions ?? [],
      status: 'active' as const,
      diedOn: null,
      card: null,
      version: 1,
    };
    const assessed = this.eligibility.assess(
      base,
      ruleSetToday ?? (await this.eligibility.activeOn(today)),
      today,
      'registered',
      correlationId,
    );
    const resident: Resident = { ...base, eligibility: assessed.eligibility };
    const registered = createEvent({
      type: 'resident.registered',
      source: 'residents',
      subject: resident._id,
      orgUnit: communityPath,
      correlationId,
      payload: factsOf(resident),
    });
    return { resident, events: assessed.event ? [registered, assessed.event] : [registered] };
  }

  async register(
    principal: Principal,
    raw: Record<string, unknown>,
    correlationId: string,
  ): Promise<Resident> {
    const checked = validateResidentInput(raw, this.today());
    if (!checked.ok)
      throw new DomainError(
        'invalid',
        'resident.invalid',
        'the resident record is not valid',
        checked.problems,
      );
    const communityPath = await this.communityPathOf(checked.input.communityCode);
    assertMayWriteIn(principal, communityPath);
    const { resident, events } = await this.build(checked.input, communityPath, correlationId);
    const result = await this.residents.insert(resident, events);
    if (!result.inserted) throw duplicate(principal, result.existing);
    return resident;
  }

  /** Applies a change computed from the current record, retrying if it changed meanwhile. */
  private async change(
    principal: Principal,
    id: string,
    correlationId: string,
    compute: (current: Resident) => Promise<{ set: Partial<Resident>; events: EventEnvelope[] }>,
  ): Promise<Resident> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(principal, id);
      assertMayWriteIn(principal, current.communityPath);
      const { set, events } = await compute(current);
      if (await this.residents.update(id, current.version, set, events)) {
        return { ...current, ...set, version: current.version + 1 };
      }
    }
    throw new DomainError('conflict', 'resident.busy', 'the record kept changing; try again');
  }

  /** Eligibility after a change, today, under the rule set in force today. */
  private async reassessed(next: Resident, correlationId: string) {
    const today = this.today();
    return this.eligibility.assess(
      next,
      await this.eligibility.activeOn(today),
      today,
      'changed',
      correlationId,
    );
  }

  async update(
    principal: Principal,
    id: string,
    patch: Partial<ResidentInput>,
    correlationId: string,
  ): Promise<Resident> {
    if (patch.phone !== undefined) {
      const phone = validatePhone(patch.phone);
      if (!phone.ok)
        throw new DomainError('invalid', 'resident.invalid', 'the change is not valid', [
          { field: 'phone', message: phone.reason },
        ]);
      patch = { ...patch, phone: phone.phone };
    }
    if (patch.name !== undefined && (patch.name.trim().length === 0 || patch.name.length > 50)) {
      throw new DomainError('invalid', 'resident.invalid', 'the change is not valid', [
        { field: 'name', message: '1-50 characters' },
      ]);
    }
    const changedFields = Object.keys(patch).filter((k) => patch[k as keyof ResidentInput] !== undefined);
    return this.change(principal, id, correlationId, async (current) => {
      if (current.status !== 'active')
        throw new DomainError('unprocessable', 'resident.deceased', 'the resident is recorded as deceased');
      const set = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as Partial<Resident>;
      const next = { ...current, ...set };
      const assessed = await this.reassessed(next, correlationId);
      const updated = createEvent({
        type: 'resident.updated',
        source: 'residents',
        subject: id,
        orgUnit: current.communityPath,
        correlationId,
        payload: { ...factsOf(next), changed: changedFields },
      });
      return {
        set: { ...set, eligibility: assessed.eligibility },
        events: assessed.event ? [updated, assessed.event] : [updated],
      };
    });
  }

  async move(
    principal: Principal,
    id: string,
    communityCode: string,
    correlationId: string,
  ): Promise<Resident> {
    const toPath = await this.communityPathOf(communityCode);
    assertMayWriteIn(principal, toPath);
    return this.change(principal, id, correlationId, (current) => {
      if (current.status !== 'active')
        throw new DomainError('unprocessable', 'resident.deceased', 'the resident is recorded as deceased');
      if (current.communityCode === communityCode) return Promise.resolve({ set: {}, events: [] });
      const moved = createEvent({
        type: 'resident.moved',
        source: 'residents',
        subject: id,
        orgUnit: toPath,
        correlationId,
        payload: { residentId: id, fromPath: current.communityPath, toPath },
      });
      return Promise.resolve({ set: { communityCode, communityPath: toPath }, events: [moved] });
    });
  }

  async recordDeath(
    principal: Principal,
    id: string,
    diedOn: string,
    correlationId: string,
  ): Promise<Resident> {
    const today = this.today();
    if (diedOn > today)
      throw new DomainError('invalid', 'resident.invalid', 'diedOn is in the future', [
        { field: 'diedOn', message: 'today or earlier' },
      ]);
    return this.change(principal, id, correlationId, async (current) => {
      if (current.status === 'deceased') return { set: {}, events: [] };
      if (diedOn < current.birthDate)
        throw new DomainError('invalid', 'resident.invalid', 'diedOn is before birth', [
          { field: 'diedOn', message: 'after birthDate' },
        ]);
      const next = { ...current, status: 'deceased' as const };
      const assessed = await this.reassessed(next, correlationId);
      const died = createEvent({
        type: 'resident.died',
        source: 'residents',
        subject: id,
        orgUnit: current.communityPath,
        correlationId,
        payload: { residentId: id, communityPath: current.communityPath, diedOn },
      });
      const card = current.card ? { ...current.card, status: 'suspended' as const } : null;
      return {
        set: { status: 'deceased', diedOn, eligibility: assessed.eligibility, card },
        events: assessed.event ? [died, assessed.event] : [died],
      };
    });
  }
}

export function factsOf(r: Resident): PayloadOf<'resident.registered'> {
  return {
    residentId: r._id,
    communityPath: r.communityPath,
    sex: r.sex,
    birthYearMonth: r.birthDate.slice(0, 7),
    hukou: r.hukou,
    livingArrangement: r.livingArrangement,
    familyStatus: r.familyStatus,
    economicStatus: r.economicStatus,
    selfCare: r.selfCare,
  };
}

/** Says that the person exists, which the caller knows from the number, but not where or under which id. */
export const REGISTERED_ELSEWHERE = {
  code: 'resident.registered-elsewhere',
  detail: 'a resident with this ID number is registered outside your unit',
  reason: 'nationalId: registered outside your unit',
} as const;

/** The 409 of a second registration: the existing id only if the caller may see that resident. */
function duplicate(principal: Principal, existing: ExistingResident): DomainError {
  if (!canSee(principal, { orgUnit: existing.communityPath })) {
    return new DomainError('conflict', REGISTERED_ELSEWHERE.code, REGISTERED_ELSEWHERE.detail);
  }
  return new DomainError(
    'conflict',
    'resident.already-registered',
    'a resident with this ID number is registered already',
    [],
    { existingResidentId: existing.id },
  );
}

function scoped(r: Resident | null) {
  return r ? { ...r, orgUnit: r.communityPath } : null;
}

function notFound(id: string) {
  return { code: 'resident.not-found', detail: `no resident ${id}` };
}
