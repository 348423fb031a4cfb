import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CONFIG, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, analyticsConfigOf } from '../analytics.config.js';
import { AccessibilityConsumer } from './accessibility.consumer.js';
import { AccessibilityController, ScorecardsController } from './accessibility.controller.js';
import { AccessibilityProjector } from './accessibility-projector.js';
import { AccessibilityReportUseCase } from './accessibility-report.usecase.js';
import { AccessibilityRepository } from './accessibility.repository.js';
import {
  AccessibilityMonthDoc,
  AccessibilityMonthSchema,
  AccessibilityOrderDoc,
  AccessibilityOrderSchema,
  AccessibilityUnitDoc,
  AccessibilityUnitSchema,
} from './accessibility.schema.js';

/**
 * Accessibility (supply, delivery, use) and provider scorecards ([9/11]): one lane, its own
 * collections, reports read from its counters (and coverage's) by `_id`.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AccessibilityUnitDoc.name, schema: AccessibilityUnitSchema },
      { name: AccessibilityMonthDoc.name, schema: AccessibilityMonthSchema },
      { name: AccessibilityOrderDoc.name, schema: AccessibilityOrderSchema },
    ]),
  ],
  controllers: [AccessibilityConsumer, AccessibilityController, ScorecardsController],
  providers: [
    AccessibilityProjector,
    AccessibilityRepository,
    AccessibilityReportUseCase,
    // The suppression threshold (its own instance: this module stands without the coverage module).
    {
      provide: ANALYTICS_CONFIG,
      inject: [CONFIG],
      useFactory: (config: ServiceConfig) => analyticsConfigOf(config),
    },
  ],
  exports: [AccessibilityProjector],
})
export class AccessibilityModule {}
