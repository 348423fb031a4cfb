export default {
  'zh-CN': {
    'city-admin': '市级管理员',
    'district-staff': '区级工作人员',
    'street-staff': '街道工作人员',
    'hotline-operator': '热线接线员',
    auditor: '审计员',
    'centre-client': '中心接口',
    'organisation-client': '机构接口',
  },
  en: {
    'city-admin': 'City admin',
    'district-staff': 'District staff',
    'street-staff': 'Street staff',
    'hotline-operator': 'Hotline operator',
    auditor: 'Auditor',
    'centre-client': 'Centre client',
    'organisation-client': 'Organisation client',
  },
};
