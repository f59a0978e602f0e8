import fs from 'node:fs';
import path from 'node:path';
import type { IPluginContext } from '@tarojs/service';

/** WeChat's tourist AppID: previews in DevTools without an account. */
export const TOURIST_APPID = 'touristappid';

/**
 * The WeChat AppID of a build comes from the environment (`WEAPP_APPID`; the tourist id by default):
 * written into the build's `project.config.json`, which WeChat DevTools reads. The Alipay app is
 * chosen when the build folder is associated in Mini Program Studio; `ALIPAY_APPID` is passed to the
 * mini-program code as `process.env.TARO_APP_ALIPAY_APPID` for the record.
 */
export default (ctx: IPluginContext) => {
  ctx.onBuildFinish(() => {
    if (process.env.TARO_ENV !== 'weapp') return;
    const file = path.join(ctx.paths.outputPath, 'project.config.json');
    if (!fs.existsSync(file)) return;
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    config.appid = process.env.WEAPP_APPID || TOURIST_APPID;
    fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  });
};
