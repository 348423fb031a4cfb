import { createApp } from 'vue';
import './styles.css';
import App from './App.vue';
import { restoreSession } from './api/session';
import { i18n } from './i18n';
import { router } from './router';

restoreSession();
createApp(App).use(i18n).use(router).mount('#app');
