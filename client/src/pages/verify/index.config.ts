export default definePageConfig({ navigationBarTitleText: '用户身份核验' });
