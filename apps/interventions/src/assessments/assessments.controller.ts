import { Body, Controller, Get, Inject, Param, Put, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, CurrentPrincipal, type Principal } from '#anlao/auth';
import { CONFIG, DomainError, parseId, type ServiceConfig } from '#anlao/platform';
import { InterventionsOutbox } from '../shared/outbox.js';
import { own } from '../shared/programme-access.js';
import { ProgrammeRepository } from '../programmes/programme.repository.js';
import { AssessmentList, AssessmentView, RecordAssessmentDto } from './assessment.dto.js';
import { AssessmentRepository } from './assessment.repository.js';
import type { Assessment, Phase } from './assessment.schema.js';
import { RecordAssessmentUseCase } from './record-assessment.usecase.js';

function phaseOf(value: string): Phase {
  if (value !== 'pre' && value !== 'post')
    throw new DomainError('invalid', 'request.invalid-id', 'phase must be pre or post', [
      { field: 'phase', message: 'pre or post' },
    ]);
  return value;
}

const view = (a: Assessment): AssessmentView => ({
  residentId: a.residentId,
  phase: a.phase,
  instrument: a.instrument,
  assessedOn: a.assessedOn,
  dimensions: a.dimensions,
  categorical: a.categorical,
});

/** A member's answers are the organisation's working material: staff read the aggregate outcome only. */
@ApiTags('programmes')
@Controller('programmes/:programmeId/assessments')
export class AssessmentsController {
  constructor(
    private readonly record: RecordAssessmentUseCase,
    private readonly programmes: ProgrammeRepository,
    private readonly assessments: AssessmentRepository,
    private readonly outbox: InterventionsOutbox,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Put(':residentId/:phase')
  @Access('write', 'organisation-client')
  @ApiOperation({
    summary: 'Record a member’s pre or post answers: 201 new, 200 the same again, 409 other answers',
    description:
      'An incomplete or wrong answer set is 400 naming every item (`answers.<code>`: missing, out-of-range …).',
  })
  @ApiOkResponse({ type: AssessmentView })
  @ApiConflictResponse({ description: '`assessment.exists`' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') programmeId: string,
    @Param('residentId') residentId: string,
    @Param('phase') phase: string,
    @Body() dto: RecordAssessmentDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AssessmentView> {
    const target = {
      programmeId: parseId('programmeId', programmeId),
      residentId: parseId('residentId', residentId),
      phase: phaseOf(phase),
    };
    const result = await this.record.execute(principal, target, dto, this.config.TIME_ZONE, String(req.id));
    if (result.created) this.outbox.notify();
    void reply.status(result.created ? 201 : 200);
    return view(result.assessment);
  }

  @Get()
  @Access('bulk-personal-read', 'organisation-client')
  @ApiOperation({ summary: 'The programme’s assessments with dimension scores (its organisation only)' })
  @ApiOkResponse({ type: AssessmentList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('programmeId') id: string,
  ): Promise<AssessmentList> {
    const programmeId = parseId('programmeId', id);
    own(principal, await this.programmes.findById(programmeId), 'programme', programmeId);
    return { items: (await this.assessments.ofProgramme(programmeId)).map(view) };
  }
}
