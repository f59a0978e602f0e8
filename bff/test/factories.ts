import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { computeCheckCharacter, luhnCheckDigit, luhnValid, type IdType } from '@regverify/shared';

/** A valid resident ID number (Henan area, check character computed); `n` picks the sequence. */
export function residentId(n: number, birth = '19800101'): string {
  const first17 = `410102${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + computeCheckCharacter(first17);
}

/** A Luhn-valid 19-digit bank card number; `failing` gives one ending in 0000, which the sandbox refuses. */
export function bankCard(failing = false): string {
  if (!failing) return '622202123456789012' + luhnCheckDigit('622202123456789012');
  for (let d = 0; d <= 9; d++) {
    const n = `62220212345678${d}0000`;
    if (luhnValid(n)) return n;
  }
  throw new Error('unreachable: one digit always completes a Luhn number');
}

export const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface PersonSpec {
  name: string;
  idType: IdType;
  idNumber: string;
  roles?: string[];
  actions?: Array<'verify' | 'sign'>;
}

/** The body of `POST /api/portal/matters` for these people. */
export function matterRequest(people: PersonSpec[], over: Record<string, unknown> = {}) {
  return {
    portalRef: `HN-TEST-${randomBytes(5).toString('hex')}`,
    kind: '设立登记',
    entityName: '郑州某某科技有限公司',
    documents: [
      { name: '公司登记（备案）申请书', sha256: sha('application') },
      { name: '公司章程', sha256: sha('articles') },
    ],
    participants: people.map((p) => ({ roles: ['股东'], actions: ['verify', 'sign'], ...p })),
    ...over,
  };
}

/** A PNG data URL of a signature pad, with a dark stroke unless `blank`. */
export function signaturePng(
  width = 300,
  height = 120,
  blank = false,
  background: [number, number, number, number] = [0, 0, 0, 0],
): string {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(background, i * 4);
  if (!blank) {
    for (let x = 20; x < width - 20; x++) {
      const y = Math.round(height / 2 + Math.sin(x / 15) * (height / 4));
      for (let d = -1; d <= 1; d++) png.data.set([20, 20, 20, 255], ((y + d) * width + x) * 4);
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/**
 * A PNG (8-bit grey, all black) whose header declares `width`×`height`; with fewer `rows` of image
 * data it is a few kilobytes that a decoder would still size at width×height×4 bytes.
 */
export function pngDeclaring(width: number, height: number, rows = height): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey), no interlace
  const raw = Buffer.alloc(rows * (width + 1)); // each row: filter byte 0, then black pixels
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
