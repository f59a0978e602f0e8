export default definePageConfig({ navigationBarTitleText: '技术支持' });
