import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { Topics } from '#anlao/events';
import { connectEventTransport, MessagingModule } from '#anlao/messaging';
import { AuthModule } from '#anlao/auth';
import { PlatformModule, type ServiceConfig, type ServiceDefinition } from '#anlao/platform';
import { ResidentCopiesModule } from '#anlao/resident-copies';
import { InterventionsOutbox } from './shared/outbox.js';
import {
  ContractCopy,
  ContractCopySchema,
  ProviderCopy,
  ProviderCopySchema,
  WorkerCopy,
  WorkerCopySchema,
} from './provider-directory/provider-directory.schema.js';
import { ProviderDirectory } from './provider-directory/provider-directory.repository.js';
import { ProviderDirectoryConsumer } from './provider-directory/provider-directory.consumer.js';
import { Programme, ProgrammeSchema } from './programmes/programme.schema.js';
import { ProgrammeRepository } from './programmes/programme.repository.js';
import { RegisterProgrammeUseCase } from './programmes/register-programme.usecase.js';
import { ChangeProgrammeStatusUseCase } from './programmes/change-programme-status.usecase.js';
import { ProgrammesController } from './programmes/programmes.controller.js';
import { Member, MemberSchema } from './members/member.schema.js';
import { MemberRepository } from './members/member.repository.js';
import { EnrolMemberUseCase } from './members/enrol-member.usecase.js';
import { WithdrawMemberUseCase } from './members/withdraw-member.usecase.js';
import { MembersController } from './members/members.controller.js';
import { Session, SessionSchema } from './sessions/session.schema.js';
import { SessionRepository } from './sessions/session.repository.js';
import { RecordSessionUseCase } from './sessions/record-session.usecase.js';
import { InstrumentsController } from './instruments/instruments.controller.js';
import { Assessment, AssessmentSchema } from './assessments/assessment.schema.js';
import { AssessmentRepository } from './assessments/assessment.repository.js';
import { RecordAssessmentUseCase } from './assessments/record-assessment.usecase.js';
import { AssessmentsController } from './assessments/assessments.controller.js';
import { VolunteerTeam, VolunteerTeamSchema } from './volunteers/volunteer-team.schema.js';
import { Volunteer, VolunteerSchema } from './volunteers/volunteer.schema.js';
import { HoursLog, HoursLogSchema } from './volunteers/hours-log.schema.js';
import { VolunteerTeamRepository } from './volunteers/volunteer-team.repository.js';
import { VolunteerRepository } from './volunteers/volunteer.repository.js';
import { HoursLogRepository } from './volunteers/hours-log.repository.js';
import { RegisterVolunteerTeamUseCase } from './volunteers/register-volunteer-team.usecase.js';
import { PutVolunteerUseCase } from './volunteers/put-volunteer.usecase.js';
import { LogHoursUseCase } from './volunteers/log-hours.usecase.js';
import { VolunteerTeamsController } from './volunteers/volunteer-teams.controller.js';
import { VolunteersController } from './volunteers/volunteers.controller.js';
import { Outcome, OutcomeSchema } from './outcomes/outcome.schema.js';
import { OutcomeReports } from './outcomes/outcome-inputs.js';
import { SubmitOutcomeUseCase } from './outcomes/submit-outcome.usecase.js';
import { OutcomesController } from './outcomes/outcomes.controller.js';

/** This service's consumer group on the residents topic (each reader of it needs its own). */
export const RESIDENTS_READ_MODEL_GROUP = 'interventions.residents-read-model';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ProviderCopy.name, schema: ProviderCopySchema },
      { name: WorkerCopy.name, schema: WorkerCopySchema },
      { name: ContractCopy.name, schema: ContractCopySchema },
      { name: Programme.name, schema: ProgrammeSchema },
      { name: Member.name, schema: MemberSchema },
      { name: Session.name, schema: SessionSchema },
      { name: Assessment.name, schema: AssessmentSchema },
      { name: VolunteerTeam.name, schema: VolunteerTeamSchema },
      { name: Volunteer.name, schema: VolunteerSchema },
      { name: HoursLog.name, schema: HoursLogSchema },
      { name: Outcome.name, schema: OutcomeSchema },
    ]),
    // Members are judged from this local copy, never by calling residents (ADR 0021).
    ResidentCopiesModule.forService(RESIDENTS_READ_MODEL_GROUP),
  ],
  controllers: [
    InstrumentsController,
    ProgrammesController,
    MembersController,
    AssessmentsController,
    VolunteerTeamsController,
    VolunteersController,
    OutcomesController,
    ProviderDirectoryConsumer,
  ],
  providers: [
    InterventionsOutbox,
    ProviderDirectory,
    ProgrammeRepository,
    RegisterProgrammeUseCase,
    ChangeProgrammeStatusUseCase,
    MemberRepository,
    EnrolMemberUseCase,
    WithdrawMemberUseCase,
    SessionRepository,
    RecordSessionUseCase,
    AssessmentRepository,
    RecordAssessmentUseCase,
    VolunteerTeamRepository,
    VolunteerRepository,
    HoursLogRepository,
    RegisterVolunteerTeamUseCase,
    PutVolunteerUseCase,
    LogHoursUseCase,
    OutcomeReports,
    SubmitOutcomeUseCase,
  ],
})
export class InterventionsModule {}

/** Group interventions (ADR 0028): programmes, members, sessions, instruments, assessments and outcomes. */
@Module({})
export class InterventionsAppModule {
  static register(config: ServiceConfig, logger: Logger): DynamicModule {
    return {
      module: InterventionsAppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule.forRoot({
          topics: [Topics.interventions, Topics.identity, Topics.residents, Topics.purchasedServices],
        }),
        AuthModule,
        InterventionsModule,
      ],
    };
  }
}

export const interventionsService: ServiceDefinition = {
  name: 'interventions',
  title: 'Anlao interventions',
  description: 'Group interventions: programmes, sessions, attendance, assessments and outcomes.',
  defaultPort: 3004,
  module: (config, logger) => InterventionsAppModule.register(config, logger),
  connectTransports: connectEventTransport,
};
