import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MessagingRuntime, type OutboxRelay } from '#anlao/messaging';
import { Programme } from '../programmes/programme.schema.js';
import { Member } from '../members/member.schema.js';
import { Session } from '../sessions/session.schema.js';
import { Assessment } from '../assessments/assessment.schema.js';
import { HoursLog } from '../volunteers/hours-log.schema.js';
import { Outcome } from '../outcomes/outcome.schema.js';

/** The relay that publishes what programmes, members, sessions, assessments, outcomes and hours logs hold in their outboxes. */
@Injectable()
export class InterventionsOutbox implements OnApplicationBootstrap {
  private relay: OutboxRelay | undefined;

  constructor(
    private readonly runtime: MessagingRuntime,
    @InjectModel(Programme.name) private readonly programmes: Model<Programme>,
    @InjectModel(Member.name) private readonly members: Model<Member>,
    @InjectModel(Session.name) private readonly sessions: Model<Session>,
    @InjectModel(Assessment.name) private readonly assessments: Model<Assessment>,
    @InjectModel(HoursLog.name) private readonly hoursLogs: Model<HoursLog>,
    @InjectModel(Outcome.name) private readonly outcomes: Model<Outcome>,
  ) {}

  onApplicationBootstrap(): void {
    this.relay = this.runtime.startRelay([
      this.programmes,
      this.members,
      this.sessions,
      this.assessments,
      this.outcomes,
      this.hoursLogs,
    ]);
  }

  /** Publish at once what a request just stored, instead of at the next poll. */
  notify(): void {
    this.relay?.notify();
  }
}
