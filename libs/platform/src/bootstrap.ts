import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { z } from 'zod';
import type { Logger } from 'pino';
import { refuseNonCanonicalPaths } from './canonical-path.js';
import { ConfigError, loadConfig, type ServiceConfig } from './config.js';
import { createLogger, PinoNestLogger } from './logger.js';
import { clientErrorHandler, frameworkErrorHandler, installEdgeChecks } from './http-edge-errors.js';
import { setInputTimeZone } from './input-rules.js';
import { useLimitedJsonParser } from './json-body.js';
import { ProblemDetailsFilter } from './problem.filter.js';
import { createValidationPipe } from './validation.js';

export interface ServiceDefinition {
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  /** Variables only this service reads; validated with the common ones at start. */
  extraConfig?: z.ZodType<Record<string, unknown>>;
  /** Extends the service's OpenAPI document before it is served (the gateway merges every service's). */
  extendOpenApi?: (document: OpenAPIObject, config: ServiceConfig) => Promise<OpenAPIObject>;
  /** Registers Fastify plugins (security headers, proxy, rate limits) before routes are mapped. */
  configureHttp?: (app: NestFastifyApplication, config: ServiceConfig) => Promise<void>;
  /** Builds the root module from validated config (so tests can pass their own). */
  module: (config: ServiceConfig, logger: Logger) => DynamicModule;
  /**
   * Connects the service's event transport (`connectEventTransport` of libs/messaging),
   * making it a hybrid app; its consumers start after `init`, before `listen`.
   */
  connectTransports?: (app: NestFastifyApplication) => void;
}

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's correlation id if it is well-formed, else a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && CORRELATION_ID.test(value) ? value : randomUUID();
}

/** Creates a configured, not yet listening, application. Used by `bootstrap` and by tests. */
export async function createApp(
  service: ServiceDefinition,
  config: ServiceConfig,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
    // Over-long URLs, oversized headers and malformed requests answer problem+json too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    return503OnClosing: false,
    logController: new LogController({
      requestIdLogLabel: 'correlationId',
      disableRequestLogging: config.NODE_ENV === 'test',
    }),
    // Only configured proxies may name the client: otherwise any caller could pick
    // its own address (and so its own rate-limit budget) with `X-Forwarded-For`.
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(service.module(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  setInputTimeZone(config.TIME_ZONE);
  // First of all hooks: no check, route match or 405 may act on a path spelled two ways.
  refuseNonCanonicalPaths(app.getHttpAdapter().getInstance());
  // Before any route is added, so every route (the gateway's proxies included) is known for 405.
  installEdgeChecks(app.getHttpAdapter().getInstance());
  useLimitedJsonParser(app, config.BODY_LIMIT_BYTES);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      void reply.header(CORRELATION_HEADER, String(request.id));
    });
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  if (service.configureHttp) await service.configureHttp(app, config);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const ownDocument = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(service.title)
      .setDescription(service.description)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const document = service.extendOpenApi ? await service.extendOpenApi(ownDocument, config) : ownDocument;
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  service.connectTransports?.(app);
  await app.init();
  if (service.connectTransports) await app.startAllMicroservices();
  return app;
}

/** The one entry point of every service: validated config, logs, listen, graceful stop. */
export async function bootstrap(service: ServiceDefinition): Promise<NestFastifyApplication> {
  let config: ServiceConfig;
  try {
    config = loadConfig(service.name, service.defaultPort, process.env, service.extraConfig);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${service.name}: ${error.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(service.name, config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  const app = await createApp(service, config, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ url: await app.getUrl() }, `${service.name} listening`);
  return app;
}
