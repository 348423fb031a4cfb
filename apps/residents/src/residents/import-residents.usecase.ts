import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { assertMayWriteIn, canSee, type Principal } from '#anlao/auth';
import type { EventEnvelope } from '#anlao/events';
import { JOB_PAGE_SIZE, type JobItemError } from '#anlao/jobs';
import { chunksOf, DomainError } from '#anlao/platform';
import { EligibilityService } from '../eligibility/eligibility.service.js';
import { OrgUnitsUseCase } from '../org-units/org-units.usecase.js';
import { RESIDENTS_CONFIG, type ResidentsConfig } from '../residents.config.js';
import { ProtectedIds } from './protected-id.js';
import { REGISTERED_ELSEWHERE, RegistryUseCase } from './registry.usecase.js';
import { parseResidentCsv, type ValidResidentInput } from './resident-csv.js';
import { ResidentRepository } from './resident.repository.js';
import type { Resident } from './resident.schema.js';

export interface ImportRow {
  line: number;
  input: ValidResidentInput;
}

/** A file checked and cut into sealed pages, ready to be stored beside its job. */
export interface PreparedImport {
  lines: number;
  /** One sealed page of rows per chunk: the rows hold names and ID numbers, so they are encrypted at rest. */
  chunks: string[];
  rejected: JobItemError[];
}

export interface ImportPageOutcome {
  counts: { imported: number; existing: number; rejected: number };
  errors: JobItemError[];
}

/**
 * A resident's id in an import job, derived from the job and the line: a page redone
 * after a crash finds its own rows registered under the very ids it would give them,
 * and counts them as imported, not as existing.
 */
export function importedResidentId(jobId: string, line: number): string {
  return `r-${createHash('sha256').update(`${jobId}:${line}`).digest('hex').slice(0, 16)}`;
}

/**
 * Importing residents from CSV (the `residents.import` job). The whole file is checked
 * when it is submitted: not CSV or a wrong header is a 400 and nothing is queued; bad
 * rows are reported by line. The valid rows are registered a page at a time.
 */
@Injectable()
export class ImportResidentsUseCase {
  private readonly sealer: ProtectedIds;

  constructor(
    private readonly registry: RegistryUseCase,
    private readonly residents: ResidentRepository,
    private readonly units: OrgUnitsUseCase,
    private readonly eligibility: EligibilityService,
    @Inject(RESIDENTS_CONFIG) config: ResidentsConfig,
  ) {
    this.sealer = new ProtectedIds(config.RESIDENT_ID_HASH_KEY, config.RESIDENT_DATA_KEY);
  }

  prepare(text: string): PreparedImport {
    let parsed: ReturnType<typeof parseResidentCsv>;
    try {
      parsed = parseResidentCsv(text, this.registry.today());
    } catch (error) {
      throw new DomainError('invalid', 'csv.invalid', (error as Error).message.slice(0, 300));
    }
    return {
      lines: parsed.rows.length + parsed.rejected.length,
      chunks: chunksOf(parsed.rows, JOB_PAGE_SIZE).map((rows) => this.sealer.encrypt(JSON.stringify(rows))),
      rejected: parsed.rejected
        .sort((a, b) => a.line - b.line)
        .map((r) => ({ item: `line:${r.line}`, code: 'resident.invalid', detail: r.reasons.join('; ') })),
    };
  }

  unseal(chunk: string): ImportRow[] {
    return JSON.parse(this.sealer.decrypt(chunk)) as ImportRow[];
  }

  /**
   * Registers a page of rows for the requester. A number registered already in the
   * requester's unit counts as `existing` (re-importing a file creates nothing); one
   * registered outside it is rejected like the 409 of a single registration, with no id.
   */
  async importPage(
    principal: Principal,
    rows: readonly ImportRow[],
    jobId: string,
    correlationId: string,
  ): Promise<ImportPageOutcome> {
    const errors: JobItemError[] = [];
    const reject = (line: number, code: string, detail: string) =>
      errors.push({ item: `line:${line}`, code, detail });
    const paths = new Map<string, string | null>();
    const ruleSet = await this.eligibility.activeOn(this.registry.today());
    const builds: { line: number; resident: Resident; events: EventEnvelope[] }[] = [];
    for (const row of rows) {
      const code = row.input.communityCode;
      if (!paths.has(code)) {
        const unit = await this.units.find(code);
        paths.set(code, unit && unit.level === 'community' ? unit.path : null);
      }
      const path = paths.get(code);
      if (!path) {
        reject(row.line, 'resident.invalid', 'communityCode: not a known community');
        continue;
      }
      try {
        assertMayWriteIn(principal, path);
      } catch {
        reject(row.line, 'scope.forbidden', 'communityCode: outside your unit');
        continue;
      }
      const id = importedResidentId(jobId, row.line);
      builds.push({
        line: row.line,
        ...(await this.registry.build(row.input, path, correlationId, id, ruleSet)),
      });
    }
    const taken = await this.residents.insertMany(builds);
    const counts = { imported: 0, existing: 0, rejected: 0 };
    for (const b of builds) {
      const holder = taken.get(b.resident.nationalIdHash);
      if (!holder || holder.id === b.resident._id) counts.imported++;
      else if (canSee(principal, { orgUnit: holder.communityPath })) counts.existing++;
      else reject(b.line, REGISTERED_ELSEWHERE.code, REGISTERED_ELSEWHERE.reason);
    }
    counts.rejected = errors.length;
    return { counts, errors: errors.sort((a, b) => lineOf(a) - lineOf(b)) };
  }
}

function lineOf(error: JobItemError): number {
  return Number(error.item.slice('line:'.length));
}
