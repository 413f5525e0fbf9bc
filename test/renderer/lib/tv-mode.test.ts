import { describe, expect, test } from 'vitest';
import { isTvMode, isTvUserAgent, parseTvModeChoice } from '../../../renderer/src/lib/tv-mode.ts';

// real user agents, as the devices send them
const TVS: [string, string][] = [
  ['Samsung Tizen', 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36'],
  ['Samsung Orsay', 'Mozilla/5.0 (SmartHub; SMART-TV; U; Linux/SmartTV; Maple2012) AppleWebKit/534.7 (KHTML, like Gecko) SmartTV Safari/534.7'],
  ['LG webOS', 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager'],
  ['LG webOS (lower case)', 'Mozilla/5.0 (Linux; webOS/4.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0 Safari/537.36'],
  ['LG NetCast', 'Mozilla/5.0 (DirectFB; Linux armv7l) AppleWebKit/534.26+ (KHTML, like Gecko) Version/5.0 Safari/534.26+ LG Browser/5.00.00(+mouse+3D+SCREEN+TUNER; LGE; 42LM6700-UA; 04.02.00; 0x00000001;); LG NetCast.TV-2012 0'],
  ['Fire TV Stick 4K', 'Mozilla/5.0 (Linux; Android 7.1.2; AFTMM Build/NS6265; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/70.0.3538.110 Mobile Safari/537.36'],
  ['Fire TV Cube', 'Mozilla/5.0 (Linux; Android 9; AFTR) AppleWebKit/537.36 (KHTML, like Gecko) Silk/98.6.10 like Chrome/98.0.4758.136 Safari/537.36'],
  ['Sony BRAVIA', 'Mozilla/5.0 (Linux; Andr0id 9; BRAVIA 4K UR2 Build/PTT1.190515.001.S52) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.136 Mobile Safari/537.36 OPR/46.0.2207.0 OMI/4.13.0.180.DIA5.104 Model/Sony-BRAVIA-4K-UR2'],
  ['Chromecast', 'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.225 Safari/537.36 CrKey/1.56.500000 DeviceType/Chromecast'],
  ['NVIDIA Shield', 'Mozilla/5.0 (Linux; Android 11; SHIELD Android TV Build/RQ1A.210105.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/99.0.4844.88 Mobile Safari/537.36'],
  ['Xiaomi Mi Box', 'Mozilla/5.0 (Linux; Android 9; MIBOX4 Build/PI; TV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0 Safari/537.36'],
  ['HbbTV set', 'Mozilla/5.0 (Linux armv7l) AppleWebKit/602.1.28+ (KHTML, like Gecko) Version/9.1 Safari/601.5.17 HbbTV/1.5.1 (+DL+PVR; Panasonic; VIERA 2019; 3.401; 0001-0003 0000;)'],
  ['Roku', 'Roku/DVP-9.10 (519.10E04111A)'],
  ['Apple TV', 'AppleTV11,1/11.1'],
  ['Philips NETTV', 'Mozilla/5.0 (Linux; U; Android 4.2.2; NETTV/4.3.0) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30'],
];

const NOT_TVS: [string, string][] = [
  ['Chrome on Linux', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'],
  ['Chrome on Android phone', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36'],
  ['Android tablet', 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'],
  ['iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1'],
  ['iPad', 'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1'],
  ['Firefox on Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0'],
  ['Safari on macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15'],
  ['Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0'],
  ['Opera desktop', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0'],
  ['Electron app', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) seed/0.1.0 Chrome/120.0.6099.56 Electron/28.0.0 Safari/537.36'],
  ['HeadlessChrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36'],
  ['empty', ''],
];

describe('TV user agents', () => {
  test.each(TVS)('%s is a TV', (_name, ua) => expect(isTvUserAgent(ua)).toBe(true));
  test.each(NOT_TVS)('%s is not a TV', (_name, ua) => expect(isTvUserAgent(ua)).toBe(false));
});

describe("the viewer's choice wins over the guess", () => {
  const tv = TVS[0]![1];
  const laptop = NOT_TVS[0]![1];
  test.each([
    [null, tv, true],
    [null, laptop, false],
    ['on', laptop, true],
    ['off', tv, false],
  ] as const)('choice %s: %s → %s', (choice, ua, expected) => expect(isTvMode(choice, ua)).toBe(expected));

  test('only on and off are choices; anything else stored means none', () => {
    expect(parseTvModeChoice('on')).toBe('on');
    expect(parseTvModeChoice('off')).toBe('off');
    for (const stored of [null, '', 'true', 'ON', 'auto']) expect(parseTvModeChoice(stored)).toBe(null);
  });
});
