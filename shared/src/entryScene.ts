/**
 * The `scene` of a matter's WeChat mini-program code (wxacode.getUnlimited): `m=` and the matter
 * id's 16 bytes in base64url without padding, 24 characters in all — within WeChat's 32 and its
 * character set (digits, letters and !#$&'()*+,/:;=?@-._~). The mini-program gets the scene back
 * URL-encoded (`options.query.scene`), so decoding also takes the form encodeURIComponent makes.
 *
 * It runs in the mini-program too: plain ES5 string work, no Buffer, atob/btoa or padStart.
 */

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';
const PREFIX = 'm=';

/** A matter id: 16 random bytes as 32 lowercase hex characters. */
const MATTER_ID = /^[0-9a-f]{32}$/;

/**
 * 16 bytes in base64url: 21 characters of 6 bits and a last one carrying the final 2 bits, whose
 * 4 unused low bits are zero (A, Q, g or w). Only this canonical form is read, so every id has
 * exactly one scene.
 */
const ENTRY_SCENE = /^m=[A-Za-z0-9_-]{21}[AQgw]$/;

/** Longer input is not a scene (24 characters, 28 URL-encoded); it is refused before decoding. */
const MAX_INPUT_LENGTH = 64;

/** The scene of a matter's mini-program code; throws for anything that is not a matter id. */
export function encodeEntryScene(matterId: string): string {
  if (typeof matterId !== 'string' || !MATTER_ID.test(matterId)) {
    throw new TypeError('encodeEntryScene needs a matter id (32 lowercase hex characters)');
  }
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 2) bytes.push(HEX.indexOf(matterId.charAt(i)) * 16 + HEX.indexOf(matterId.charAt(i + 1)));

  let out = PREFIX;
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += BASE64URL.charAt((n >> 18) & 63) + BASE64URL.charAt((n >> 12) & 63);
    out += BASE64URL.charAt((n >> 6) & 63) + BASE64URL.charAt(n & 63);
  }
  // 16 = 5 × 3 + 1: one byte is left, written as two characters.
  const last = bytes[i];
  out += BASE64URL.charAt(last >> 2) + BASE64URL.charAt((last & 3) << 4);
  return out;
}

/**
 * The matter id in a scene made by encodeEntryScene, as it is or URL-encoded once (`m%3D…`);
 * null for anything else (another scene, a damaged one, a non-string).
 */
export function decodeEntryScene(scene: string): string | null {
  if (typeof scene !== 'string' || scene.length > MAX_INPUT_LENGTH) return null;
  let text = scene;
  if (text.indexOf('%') !== -1) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return null; // a stray % (URIError): not a scene this made
    }
  }
  if (!ENTRY_SCENE.test(text)) return null;

  const values: number[] = [];
  for (let i = PREFIX.length; i < text.length; i += 1) values.push(BASE64URL.indexOf(text.charAt(i)));
  const bytes: number[] = [];
  let i = 0;
  for (; i + 4 <= values.length; i += 4) {
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    bytes.push((n >> 16) & 255, (n >> 8) & 255, n & 255);
  }
  bytes.push((values[i] << 2) | (values[i + 1] >> 4));

  let id = '';
  for (let j = 0; j < bytes.length; j += 1) id += HEX.charAt(bytes[j] >> 4) + HEX.charAt(bytes[j] & 15);
  return id;
}
