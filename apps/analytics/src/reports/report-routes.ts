import { applyDecorators, Get, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { Access, type Role } from '#anlao/auth';
import { XLSX_MEDIA_TYPE } from './table-export.js';

/**
 * The routes of a report: the JSON answer and its CSV and Excel exports, each a read (reports carry
 * counts, never a person) open to the same roles. One place, so that every report's routes are
 * guarded and documented alike; the handlers stay on the controllers.
 */
export const ReportRoutes = {
  /** `GET path`: the report as JSON, documented as `type`. */
  json: (path: string, type: Type, roles: readonly Role[]) =>
    applyDecorators(Get(path), Access('read', ...roles), ApiOkResponse({ type })),
  /** `GET path`: the report's table as CSV (`csvReply`). */
  csv: (path: string, roles: readonly Role[]) =>
    applyDecorators(Get(path), Access('read', ...roles), ApiProduces('text/csv')),
  /** `GET path`: the report's table as an Excel workbook (`xlsxReply`). */
  xlsx: (path: string, roles: readonly Role[]) =>
    applyDecorators(Get(path), Access('read', ...roles), ApiProduces(XLSX_MEDIA_TYPE)),
};
