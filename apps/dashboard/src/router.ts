import type { Component } from 'vue';
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

// The admin page's readers are report readers today; its tabs check their own grants, so the two may part.
const ADMINISTRATION: StaffRole[] = ['city-admin', 'district-staff', 'street-staff', 'auditor'];
const HOTLINE: StaffRole[] = ['hotline-operator', 'city-admin', 'district-staff'];

// Each page is its own chunk: the overview does not load the other pages' code.
const PAGE_FILES = import.meta.glob<Component>('./pages/*.vue');

/** Route `at-risk` is pages/AtRiskPage.vue; a misspelt name fails the app's start, not a later visit. */
function pageOf(name: string): () => Promise<Component> {
  const file = name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  const load = PAGE_FILES[`./pages/${file}Page.vue`];
  if (!load) throw new Error(`router: no page for route ${name}`);
  return load;
}

/** A signed-in page: path, name, who may open it; with an i18n key and an icon, also a menu entry. */
type PageRow = [path: string, name: string, roles: StaffRole[], menu?: string, icon?: string];

const PAGES: PageRow[] = [
  ['/', 'overview', REPORT_READERS, 'nav.overview', 'DataAnalysis'],
  ['/coverage', 'coverage', REPORT_READERS, 'nav.coverage', 'PieChart'],
  ['/at-risk', 'at-risk', REPORT_READERS, 'nav.atRisk', 'Warning'],
  ['/residents', 'residents', STAFF, 'nav.residents', 'User'],
  ['/residents/:residentId', 'resident', STAFF],
  ['/centres', 'centres', REPORT_READERS, 'nav.centres', 'OfficeBuilding'],
  ['/hotline', 'hotline', HOTLINE, 'nav.hotline', 'Phone'],
  ['/purchased-services', 'purchased-services', REPORT_READERS, 'nav.purchasedServices', 'ShoppingCart'],
  ['/interventions', 'interventions', REPORT_READERS, 'nav.interventions', 'Connection'],
  ['/admin', 'admin', ADMINISTRATION, 'nav.admin', 'Setting'],
  ['/password', 'password', STAFF],
  ['/:rest(.*)*', 'not-found', STAFF],
];

export const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: pageOf('sign-in'), meta: { public: true } },
  ...PAGES.map(([path, name, roles, menu, icon]) => ({
    path,
    name,
    component: pageOf(name),
    meta: menu ? { roles, menu, icon } : { roles },
  })),
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
