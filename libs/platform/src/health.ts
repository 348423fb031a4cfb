import { Controller, Get, Injectable, Module, SetMetadata } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MongooseHealthIndicator,
  TerminusModule,
  type HealthIndicatorResult,
} from '@nestjs/terminus';

export const IS_PUBLIC = 'anlao:public';

/** Marks a route (or controller) as open to anyone: health, sign-in, key discovery. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface ReadinessCheck {
  /** Key in the readiness answer, e.g. `kafka`. */
  readonly key: string;
  /** Resolves with details when ready; throws (or resolves `false`) when not. */
  check(): Promise<Record<string, unknown> | false>;
}

/**
 * Modules that a service cannot serve without (its Kafka producer, its consumers)
 * register here; readiness asks each of them.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.key, check);
  }

  all(): ReadinessCheck[] {
    return [...this.checks.values()];
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
  ) {}

  /** Liveness: the process answers. Restart it if not. */
  @Get()
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: the document store answers and every registered dependency is up. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.mongo.pingCheck('documentStore', { timeout: 1500 }),
      ...this.registry.all().map((c) => () => this.run(c)),
    ]);
  }

  private async run(readiness: ReadinessCheck): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(readiness.key);
    try {
      const details = await readiness.check();
      return details === false ? session.down() : session.up(details);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : 'not ready' });
    }
  }
}

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
