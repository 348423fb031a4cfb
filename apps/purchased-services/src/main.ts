import { bootstrap } from '#anlao/platform';
import { purchasedServicesService } from './purchased-services.module.js';

await bootstrap(purchasedServicesService);
