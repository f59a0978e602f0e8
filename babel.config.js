// https://docs.taro.zone/docs/next/babel-config
// Targets come from the browserslist in package.json (Android 4.3 / iOS 11), so the output is ES5.
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // Mini-program runtimes bring their own built-ins; only the H5 preview needs core-js.
        useBuiltIns: process.env.TARO_ENV === 'h5' ? 'usage' : false,
      },
    ],
  ],
};
