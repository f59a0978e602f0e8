export default definePageConfig({ navigationBarTitleText: '业务确认' });
