import { unitName, type OrgUnit } from '../../api/org-units';
import type { Column } from '../columns';
import type { Order, Provider } from './purchased-api';
import { slaText } from './service-labels';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type Label = (prefix: string, code: string | null | undefined) => string;

export type OrderColumnKey =
  | 'orderId'
  | 'serviceType'
  | 'state'
  | 'requestedAt'
  | 'community'
  | 'residentId'
  | 'provider'
  | 'target'
  | 'overdue'
  | 'reason'
  | 'price';

/** The columns of an order list, in the order asked for (ids and codes as the API answers them). */
export function orderColumns(
  keys: OrderColumnKey[],
  ctx: { t: Translate; label: Label; units: OrgUnit[]; providers: Provider[] },
): Column<Order>[] {
  const { t, label, units, providers } = ctx;
  const all: Record<OrderColumnKey, Column<Order>> = {
    orderId: { key: 'orderId', label: t('purchased.orders.orderId'), minWidth: 300 },
    serviceType: {
      key: 'serviceType',
      label: t('purchased.orders.serviceType'),
      display: (o) => label('purchased.serviceTypes', o.serviceType),
      sortable: true,
      minWidth: 120,
    },
    state: {
      key: 'state',
      label: t('purchased.orders.state'),
      display: (o) => label('purchased.states', o.state),
      sortable: true,
      minWidth: 110,
    },
    requestedAt: {
      key: 'requestedAt',
      label: t('purchased.orders.requestedAt'),
      kind: 'datetime',
      sortable: true,
      minWidth: 160,
    },
    community: {
      key: 'community',
      label: t('purchased.orders.community'),
      value: (o) => unitName(units, o.communityPath),
      sortable: true,
      minWidth: 120,
    },
    residentId: { key: 'residentId', label: t('purchased.orders.residentId'), minWidth: 190 },
    provider: {
      key: 'provider',
      label: t('purchased.orders.provider'),
      value: (o) =>
        o.providerId ? (providers.find((p) => p.providerId === o.providerId)?.name ?? o.providerId) : null,
      sortable: true,
      minWidth: 180,
    },
    target: {
      key: 'target',
      label: t('purchased.orders.target'),
      value: (o) => o.targetMinutes,
      display: (o) => slaText(o.targetMinutes, t),
      sortable: true,
      minWidth: 130,
    },
    overdue: {
      key: 'overdue',
      label: t('purchased.orders.overdue'),
      display: (o) => (o.overdue ? t('purchased.orders.yes') : t('purchased.orders.no')),
      sortable: true,
      minWidth: 80,
    },
    reason: {
      key: 'reason',
      label: t('purchased.orders.reason'),
      display: (o) => label('purchased.reasons', o.reason),
      minWidth: 130,
    },
    price: {
      key: 'priceFen',
      label: t('purchased.orders.price'),
      kind: 'money',
      sortable: true,
      minWidth: 100,
    },
  };
  return keys.map((k) => all[k]);
}
