/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by the CLI; decides minification and dev-only code. */
    NODE_ENV: 'development' | 'production';
    /** The platform being built (`taro build --type`). */
    TARO_ENV: 'weapp' | 'alipay' | 'h5';
    /** Optional appid override written into the copied project config. */
    TARO_APP_ID?: string;
  }
}
