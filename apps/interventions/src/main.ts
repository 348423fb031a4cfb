import { bootstrap } from '#anlao/platform';
import { interventionsService } from './interventions.module.js';

await bootstrap(interventionsService);
