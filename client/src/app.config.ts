export default defineAppConfig({
  pages: ['pages/entry/index'],
  window: {
    navigationBarTitleText: '登记注册身份验证',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
