export default defineAppConfig({
  pages: ['pages/entry/index', 'pages/verify/index', 'pages/result/index', 'pages/bankcard/index'],
  // The main package holds what a person needs from opening the code to a passed face check; the
  // to-do pages come after it in a subpackage that both platforms fetch while the entry screen is
  // open (preloadRule), so the first download is smaller and nobody waits for the second. Pages
  // few people open stay out of both (packages are capped at 2 MB by both platforms).
  subPackages: [
    {
      root: 'subpackages/tasks',
      pages: ['todos/index', 'todo/index', 'sign/index', 'done/index'],
    },
    // The sandbox's face-check simulator: production never opens it.
    {
      root: 'subpackages/sandbox',
      pages: ['face-sim/index'],
    },
    {
      root: 'subpackages/more',
      pages: ['support/index', 'faq/index', 'privacy/index'],
    },
  ],
  preloadRule: {
    'pages/entry/index': { network: 'all', packages: ['subpackages/tasks'] },
  },
  window: {
    navigationBarTitleText: '登记注册身份验证',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
