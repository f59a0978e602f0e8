export default defineAppConfig({
  pages: [
    'pages/entry/index',
    'pages/verify/index',
    'pages/face-sim/index',
    'pages/result/index',
    'pages/bankcard/index',
    'pages/todos/index',
    'pages/todo/index',
    'pages/sign/index',
    'pages/done/index',
  ],
  // Pages few people open stay out of the main package (capped at 2 MB by both platforms).
  subPackages: [
    {
      root: 'subpackages/more',
      pages: ['support/index', 'faq/index', 'privacy/index'],
    },
  ],
  window: {
    navigationBarTitleText: '登记注册身份验证',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
