import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { GenerationsDoc, RebuildPhase } from './generations.js';

export class StartRebuildDto {
  @ApiPropertyOptional({
    description:
      'true: once caught up, keep both generations running and wait for `POST /admin/rebuild/switch` (to compare them first)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  hold?: boolean;
}

export class RebuildLaneDto {
  @ApiProperty({ example: 'analytics.coverage', description: 'the lane (its consumer group in g0)' })
  group!: string;
  @ApiProperty({ description: 'messages to read: from the earliest kept to the end at the start' })
  total!: number;
  @ApiProperty({ description: 'of those, read and applied (committed) by the new generation' })
  applied!: number;
}

const PHASES: RebuildPhase[] = ['replaying', 'settling', 'ready', 'switched', 'dropped', 'aborted'];

export class RebuildDto {
  @ApiProperty({ example: 'g1', description: 'the generation being built (or built)' })
  generation!: string;
  @ApiProperty({ example: 'g0', description: 'the generation active when it started' })
  from!: string;
  @ApiProperty({
    enum: PHASES,
    description:
      'replaying: reading every topic from the beginning; settling: read up to the ends seen at the start, catching up with the live groups; ready: caught up (a held rebuild waits here); switched: reads come from it, the old generation is being dropped; dropped: done; aborted: stopped, the new generation dropped (once `droppedAt` is set), reads never moved',
  })
  phase!: RebuildPhase;
  @ApiProperty() startedAt!: string;
  @ApiProperty() hold!: boolean;
  @ApiProperty() total!: number;
  @ApiProperty() applied!: number;
  @ApiProperty({ description: 'applied ÷ total, in percent (one decimal)' }) percent!: number;
  @ApiProperty({ type: [RebuildLaneDto] }) lanes!: RebuildLaneDto[];
  @ApiProperty({
    type: [String],
    description: 'consumer groups that are not generation-aware: kept as they are, not rebuilt',
  })
  leftOut!: string[];
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) caughtUpAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) switchedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) abortedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) droppedAt!: string | null;
}

export class RebuildStatusDto {
  @ApiProperty({ example: 'g0', description: 'where every report reads from now' })
  active!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the generation being built' })
  building!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the old generation being dropped after a switch',
  })
  retiring!: string | null;
  @ApiProperty({ type: RebuildDto, nullable: true, description: 'the rebuild under way, or the last one' })
  rebuild!: RebuildDto | null;
}

/** What the API shows of the document (not its partition targets, not the driving process). */
export function rebuildStatus(doc: GenerationsDoc): RebuildStatusDto {
  const p = doc.progress;
  return {
    active: doc.active,
    building: doc.building,
    retiring: doc.retiring,
    rebuild: p && {
      generation: p.generation,
      from: p.from,
      phase: p.phase,
      startedAt: p.startedAt,
      hold: p.hold,
      total: p.total,
      applied: p.applied,
      percent: p.percent,
      lanes: p.lanes,
      leftOut: p.leftOut,
      updatedAt: p.updatedAt,
      caughtUpAt: p.caughtUpAt,
      switchedAt: p.switchedAt,
      abortedAt: p.abortedAt ?? null,
      droppedAt: p.droppedAt,
    },
  };
}
