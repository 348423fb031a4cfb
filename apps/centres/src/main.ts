import { bootstrap } from '#anlao/platform';
import { centresService } from './centres.module.js';

await bootstrap(centresService);
