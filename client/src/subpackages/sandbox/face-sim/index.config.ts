export default definePageConfig({ navigationBarTitleText: '模拟刷脸' });
