import { bootstrap } from '#anlao/platform';
import { analyticsService } from './analytics.module.js';

await bootstrap(analyticsService);
