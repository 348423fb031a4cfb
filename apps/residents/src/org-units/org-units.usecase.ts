import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { parse } from 'csv-parse/sync';
import type { Model } from 'mongoose';
import { assertMayWriteIn, scopeFilter, type Principal } from '#anlao/auth';
import { createEvent } from '#anlao/events';
import { isDuplicateKey, withEvents, type OutboxFields } from '#anlao/messaging';
import { DomainError, ORG_UNIT_CODE, pageWindow, type PageQuery } from '#anlao/platform';
import { ORG_LEVELS, OrgUnit, type OrgLevel } from './org-unit.schema.js';

export interface NewOrgUnit {
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
}

/** Digits, like the national division codes org units extend (see `isOrgUnitPath`). */
export const ORG_CODE = ORG_UNIT_CODE;

/** The level a unit's parent must have; a city has none. */
export function parentLevelOf(level: OrgLevel): OrgLevel | null {
  const i = ORG_LEVELS.indexOf(level);
  return i <= 0 ? null : (ORG_LEVELS[i - 1] ?? null);
}

export interface ImportReport {
  created: number;
  unchanged: number;
  rejected: { line: number; reasons: string[] }[];
}

@Injectable()
export class OrgUnitsUseCase {
  constructor(@InjectModel(OrgUnit.name) private readonly model: Model<OrgUnit & OutboxFields>) {}

  find(code: string): Promise<OrgUnit | null> {
    return this.model.findById(code, { pendingEvents: 0 }).lean<OrgUnit>().exec();
  }

  /** One page of the caller's subtree, by code (a parent's code sorts before its children's). */
  list(principal: Principal, page: PageQuery): Promise<OrgUnit[]> {
    const { idAfter, limit } = pageWindow(page);
    return this.model
      .find(
        { ...scopeFilter(principal, { orgUnit: 'path' }), ...idAfter },
        { pendingEvents: 0, hasPendingEvents: 0 },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<OrgUnit[]>()
      .exec();
  }

  async create(
    principal: Principal,
    input: NewOrgUnit,
    correlationId: string,
  ): Promise<{ status: 'created' | 'unchanged'; unit: OrgUnit }> {
    const expectedParent = parentLevelOf(input.level);
    let path = input.code;
    if (expectedParent === null) {
      if (input.parentCode !== null) throw invalid('parentCode', 'a city has no parent');
    } else {
      if (!input.parentCode) throw invalid('parentCode', `a ${input.level} needs a parent ${expectedParent}`);
      const parent = await this.find(input.parentCode);
      if (!parent) throw invalid('parentCode', 'no such org unit');
      if (parent.level !== expectedParent)
        throw invalid('parentCode', `the parent of a ${input.level} must be a ${expectedParent}`);
      // Codes nest like division codes (2101 → 210102 → 210102001), so every path is checkable by shape.
      if (input.code.length <= parent._id.length || !input.code.startsWith(parent._id))
        throw invalid('code', `must extend the parent's code ${parent._id}`);
      path = `${parent.path}.${input.code}`;
    }
    assertMayWriteIn(principal, path);
    const unit: OrgUnit = {
      _id: input.code,
      name: input.name,
      level: input.level,
      parentCode: input.parentCode,
      path,
    };
    const event = createEvent({
      type: 'org-unit.created',
      source: 'residents',
      subject: input.code,
      orgUnit: path,
      correlationId,
      payload: { code: input.code, name: input.name, level: input.level, parentCode: input.parentCode, path },
    });
    try {
      await this.model.create({ ...unit, ...withEvents([event]) });
      return { status: 'created', unit };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await this.find(input.code);
    if (
      existing &&
      existing.name === unit.name &&
      existing.level === unit.level &&
      existing.parentCode === unit.parentCode
    ) {
      return { status: 'unchanged', unit: existing };
    }
    throw new DomainError('conflict', 'org-unit.exists', `org unit ${input.code} exists with other details`);
  }

  /**
   * CSV with header `code,name,level,parentCode`. Parents are created before
   * children whatever the row order; each bad row is reported with its line.
   */
  async importCsv(principal: Principal, text: string, correlationId: string): Promise<ImportReport> {
    let records: { record: Record<string, string>; line: number }[];
    try {
      const parsed: unknown = parse(text, {
        // The header is checked even when no row follows: `{}` is not an empty file.
        columns: (header: string[]) => {
          const missing = ['code', 'name', 'level', 'parentCode'].filter((c) => !header.includes(c));
          if (missing.length > 0) throw new MissingColumns(missing);
          return header;
        },
        bom: true,
        trim: true,
        skip_empty_lines: true,
        info: true,
      });
      records = (parsed as { record: Record<string, string>; info: { lines: number } }[]).map((r) => ({
        record: r.record,
        line: r.info.lines,
      }));
    } catch (error) {
      if (error instanceof MissingColumns)
        throw new DomainError('invalid', 'csv.columns', `missing column(s): ${error.columns.join(', ')}`);
      throw new DomainError(
        'invalid',
        'csv.invalid',
        `not a readable CSV file: ${(error as Error).message.slice(0, 200)}`,
      );
    }
    const report: ImportReport = { created: 0, unchanged: 0, rejected: [] };
    const ordered = [...records].sort(
      (a, b) =>
        ORG_LEVELS.indexOf(a.record.level as OrgLevel) - ORG_LEVELS.indexOf(b.record.level as OrgLevel),
    );
    for (const { record, line } of ordered) {
      const reasons: string[] = [];
      if (!ORG_CODE.test(record.code ?? '')) reasons.push('code: 2-15 digits');
      if (!record.name || record.name.length > 100) reasons.push('name: 1-100 characters');
      if (!ORG_LEVELS.includes(record.level as OrgLevel))
        reasons.push(`level: one of ${ORG_LEVELS.join(', ')}`);
      if (record.parentCode && !ORG_CODE.test(record.parentCode))
        reasons.push('parentCode: an org-unit code');
      if (reasons.length > 0) {
        report.rejected.push({ line, reasons });
        continue;
      }
      try {
        const result = await this.create(
          principal,
          {
            code: record.code ?? '',
            name: record.name ?? '',
            level: record.level as OrgLevel,
            parentCode: record.parentCode || null,
          },
          correlationId,
        );
        report[result.status === 'created' ? 'created' : 'unchanged']++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        report.rejected.push({
          line,
          reasons:
            error.errors.length > 0 ? error.errors.map((e) => `${e.field}: ${e.message}`) : [error.detail],
        });
      }
    }
    report.rejected.sort((a, b) => a.line - b.line);
    return report;
  }
}

class MissingColumns extends Error {
  constructor(readonly columns: string[]) {
    super(`missing column(s): ${columns.join(', ')}`);
  }
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid', 'org-unit.invalid', `${field} ${message}`, [{ field, message }]);
}
