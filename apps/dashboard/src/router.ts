import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { whenSignedOut } from './api/http';
import { session, type StaffRole } from './api/session';
import { homeOf } from './home';

declare module 'vue-router' {
  interface RouteMeta {
    /** Public pages (sign-in) need no session. */
    public?: boolean;
    /** Roles that see the page in the menu and may open it; the API still checks every call. */
    roles?: StaffRole[];
    /** i18n key of the menu entry. */
    menu?: string;
    /** Name of its icon in @element-plus/icons-vue. */
    icon?: string;
  }
}

const REPORT_READERS: StaffRole[] = ['city-admin', 'district-staff', 'street-staff', 'auditor'];
const STAFF: StaffRole[] = ['city-admin', 'district-staff', 'street-staff', 'hotline-operator', 'auditor'];

// Each page is its own chunk: the overview does not load the other pages' code.
export const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./pages/SignInPage.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    name: 'overview',
    component: () => import('./pages/OverviewPage.vue'),
    meta: { roles: REPORT_READERS, menu: 'nav.overview', icon: 'DataAnalysis' },
  },
  {
    path: '/coverage',
    name: 'coverage',
    component: () => import('./pages/CoveragePage.vue'),
    meta: { roles: REPORT_READERS, menu: 'nav.coverage', icon: 'PieChart' },
  },
  {
    path: '/at-risk',
    name: 'at-risk',
    component: () => import('./pages/AtRiskPage.vue'),
    meta: { roles: REPORT_READERS, menu: 'nav.atRisk', icon: 'Warning' },
  },
  {
    path: '/residents',
    name: 'residents',
    component: () => import('./pages/ResidentsPage.vue'),
    meta: { roles: STAFF, menu: 'nav.residents', icon: 'User' },
  },
  {
    path: '/residents/:residentId',
    name: 'resident',
    component: () => import('./pages/ResidentPage.vue'),
    meta: { roles: STAFF },
  },
  {
    path: '/centres',
    name: 'centres',
    component: () => import('./pages/CentresPage.vue'),
    meta: { roles: REPORT_READERS, menu: 'nav.centres', icon: 'OfficeBuilding' },
  },
  {
    path: '/hotline',
    name: 'hotline',
    component: () => import('./pages/HotlinePage.vue'),
    meta: { roles: ['hotline-operator', 'city-admin', 'district-staff'], menu: 'nav.hotline', icon: 'Phone' },
  },
  {
    path: '/purchased-services',
    name: 'purchased-services',
    component: () => import('./pages/PurchasedServicesPage.vue'),
    meta: { roles: REPORT_READERS, menu: 'nav.purchasedServices', icon: 'ShoppingCart' },
  },
  {
    path: '/interventions',
    name: 'interventions',
    component: () => import('./pages/InterventionsPage.vue'),
    meta: { roles: REPORT_READERS, menu: 'nav.interventions', icon: 'Connection' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./pages/AdminPage.vue'),
    meta: {
      roles: ['city-admin', 'district-staff', 'street-staff', 'auditor'],
      menu: 'nav.admin',
      icon: 'Setting',
    },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('./pages/PasswordPage.vue'),
    meta: { roles: STAFF },
  },
  {
    path: '/:rest(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { roles: STAFF },
  },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.beforeEach((to) => {
  const staff = session.staff.value;
  if (to.meta.public) return staff && to.name === 'sign-in' ? homeOf(staff.role) : true;
  if (!staff) return { name: 'sign-in', query: { next: to.fullPath } };
  if (to.meta.roles && !to.meta.roles.includes(staff.role)) return homeOf(staff.role);
  return true;
});

whenSignedOut(() => {
  const next = router.currentRoute.value.fullPath;
  void router.replace({ name: 'sign-in', query: { next, expired: '1' } });
});
