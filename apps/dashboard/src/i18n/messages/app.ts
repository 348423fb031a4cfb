export default {
  'zh-CN': { title: '安老 · 社区养老服务平台', short: '安老', subtitle: '民政局社区养老服务管理' },
  en: { title: 'Anlao · Community Senior Care', short: 'AL', subtitle: 'Civil-affairs senior-care network' },
};
