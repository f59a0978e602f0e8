export default definePageConfig({ navigationBarTitleText: '完成核验' });
