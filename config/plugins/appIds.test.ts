import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import appIds, { TOURIST_APPID } from './appIds';

/** Runs the plugin's build-finish step on a build folder holding `project.config.json`. */
function finishBuild(env: Record<string, string | undefined>): Record<string, unknown> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'regverify-weapp-'));
  fs.writeFileSync(
    path.join(out, 'project.config.json'),
    JSON.stringify({ miniprogramRoot: './', appid: 'touristappid', projectname: 'regverify' }),
  );
  const saved = { TARO_ENV: process.env.TARO_ENV, WEAPP_APPID: process.env.WEAPP_APPID };
  Object.assign(process.env, { TARO_ENV: 'weapp' });
  if (env.WEAPP_APPID === undefined) delete process.env.WEAPP_APPID;
  else process.env.WEAPP_APPID = env.WEAPP_APPID;
  try {
    let finish: () => void = () => undefined;
    appIds({ onBuildFinish: (fn: () => void) => (finish = fn), paths: { outputPath: out } } as never);
    finish();
    return JSON.parse(fs.readFileSync(path.join(out, 'project.config.json'), 'utf8'));
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    fs.rmSync(out, { recursive: true, force: true });
  }
}

describe('the WeChat AppID of a build', () => {
  it('is the tourist id unless WEAPP_APPID says otherwise', () => {
    expect(finishBuild({})).toMatchObject({ appid: TOURIST_APPID, projectname: 'regverify' });
    expect(finishBuild({ WEAPP_APPID: 'wx1234567890abcdef' })).toMatchObject({ appid: 'wx1234567890abcdef', miniprogramRoot: './' });
  });
});
