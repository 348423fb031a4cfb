import { bootstrap } from '#anlao/platform';
import { gatewayService } from './gateway.module.js';

await bootstrap(gatewayService);
