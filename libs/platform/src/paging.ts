import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Largest page any list answers; a caller pages on with `next`, nothing is cut off silently. */
export const MAX_PAGE = 500;

/** `?after=<id>&limit=<n>`: the cursor is the last id of the previous page (ids ascending). */
export class PageQuery {
  @ApiProperty({ required: false, description: 'the `next` value of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'after must be the next value of a previous page' })
  after?: string;

  @ApiProperty({ required: false, default: 100, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

/** The filter and limit of one page of a list ordered by `_id`. */
export function pageWindow(query: PageQuery): { idAfter: Record<string, unknown>; limit: number } {
  return { idAfter: query.after ? { _id: { $gt: query.after } } : {}, limit: query.limit ?? 100 };
}

/** A full page may have more behind it: its last id is the cursor. */
export function pageOf<T>(items: T[], limit: number, idOf: (item: T) => string): Page<T> {
  const last = items.at(-1);
  return { items, next: items.length === limit && last !== undefined ? idOf(last) : null };
}

/**
 * The `limit` of a scoped list that pages by cursor: 1..200, 50 when absent (lists whose rows are
 * documents a person reads; bulk feeds use `PageQuery`'s 1..500).
 */
export function ListLimit(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ required: false, minimum: 1, maximum: 200, default: 50 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(200),
  );
}
