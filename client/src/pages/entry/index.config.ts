export default definePageConfig({
  navigationBarTitleText: '登记注册身份验证',
});
