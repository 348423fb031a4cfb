import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ALL_STAFF } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { findShippedInstrument, SHIPPED_INSTRUMENTS, type InstrumentDefinition } from './index.js';

/** The instruments programmes assess with: versioned data, read by everyone who runs or reads a programme. */
@ApiTags('instruments')
@Controller('instruments')
export class InstrumentsController {
  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({
    summary: 'Every instrument (`code@version`): dimensions, items (reverse-scored marked), questions',
  })
  @ApiOkResponse({ description: '`{ items: InstrumentDefinition[] }`' })
  list(): { items: readonly InstrumentDefinition[] } {
    return { items: SHIPPED_INSTRUMENTS };
  }

  @Get(':key')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ description: 'one InstrumentDefinition' })
  get(@Param('key') key: string): InstrumentDefinition {
    const instrument = findShippedInstrument(key);
    if (!instrument)
      throw new DomainError('not-found', 'instrument.not-found', 'no such instrument (code@version)');
    return instrument;
  }
}
