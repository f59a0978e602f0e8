import QRCode from 'qrcode';
import { checkUnlimitedInput, type MiniProgramCodes } from '../wechat/miniProgramCode';

/**
 * The sandbox's stand-in for WeChat mini-program codes: a QR code drawn here of text that says
 * what it is and carries the page and scene a real code would, so simulators, the H5 preview and
 * tests have a code to show. It refuses what WeChat would refuse, as the real adapter does.
 */
export function createSandboxMiniProgramCodes(): MiniProgramCodes {
  return {
    async unlimited(input) {
      checkUnlimitedInput(input);
      const text = `regverify-sandbox-weapp:${input.page}?scene=${encodeURIComponent(input.scene)}`;
      const bytes = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: input.width ?? 430 });
      return { contentType: 'image/png', bytes };
    },
  };
}
