export default definePageConfig({ navigationBarTitleText: '银行卡信息核验' });
