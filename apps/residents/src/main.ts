import { bootstrap } from '#anlao/platform';
import { residentsService } from './residents.module.js';

await bootstrap(residentsService);
