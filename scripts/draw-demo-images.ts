/**
 * Draws the demo's pictures: flat illustrations of the seed's three teasers,
 * rendered from the SVG below to JPEG in Chromium (email clients do not show
 * SVG). The JPEGs are checked in; run this only to change them:
 *
 *   node --import tsx scripts/draw-demo-images.ts
 */
import { writeFileSync } from 'node:fs';
import { launchChromium } from '../test/support/browser.ts';

const W = 720;
const H = 480;

const containers = (x0: number, y0: number, cols: number, rows: number) => {
  const colours = ['#c0392b', '#1f7a8c', '#e0a526', '#2c4f7c', '#7a8b2c', '#b85c1e'];
  let out = '';
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const colour = colours[(c * 7 + r * 3) % colours.length];
      out += `<rect x="${x0 + c * 34}" y="${y0 - (r + 1) * 18}" width="32" height="16" fill="${colour}"/><rect x="${x0 + c * 34}" y="${y0 - (r + 1) * 18}" width="32" height="3" fill="#00000022"/>`;
    }
  return out;
};

const palm = (x: number, y: number, lean: number, scale = 1) => `
<g transform="translate(${x} ${y}) scale(${scale})">
  <path d="M0 0 C ${lean * 0.3} -60, ${lean * 0.7} -120, ${lean} -170" stroke="#4a3520" stroke-width="9" fill="none" stroke-linecap="round"/>
  <g transform="translate(${lean} -170)" fill="#2f6b3a">
    <path d="M0 0 C 40 -10, 80 10, 105 45 C 70 20, 40 12, 0 0Z"/>
    <path d="M0 0 C 50 -40, 95 -30, 120 -5 C 80 -22, 40 -20, 0 0Z"/>
    <path d="M0 0 C -35 -35, -80 -30, -105 5 C -70 -15, -35 -15, 0 0Z"/>
    <path d="M0 0 C -20 20, -45 55, -50 95 C -35 60, -20 35, 0 0Z"/>
    <path d="M0 0 C 10 -45, 5 -80, -15 -100 C 5 -70, 5 -40, 0 0Z"/>
  </g>
</g>`;

export const PICTURES = {
  'manzanillo-port.jpg': `
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f6c28b"/><stop offset="0.6" stop-color="#f4e1c1"/><stop offset="1" stop-color="#cfe3ea"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#sky)"/>
<circle cx="560" cy="120" r="46" fill="#fbe6b8"/>
<path d="M0 250 L120 200 L230 235 L330 190 L470 240 L600 205 L720 235 L720 300 L0 300Z" fill="#9fb3a8"/>
<rect y="290" width="${W}" height="190" fill="#2d6a86"/>
<path d="M0 330 Q 60 322 120 330 T 240 330 T 360 330 T 480 330 T 600 330 T 720 330" stroke="#ffffff55" stroke-width="3" fill="none"/>
<path d="M0 390 Q 60 382 120 390 T 240 390 T 360 390 T 480 390 T 600 390 T 720 390" stroke="#ffffff33" stroke-width="3" fill="none"/>
${containers(120, 300, 12, 4)}
<path d="M90 300 L520 300 L495 352 L120 352Z" fill="#1d2b3a"/>
<rect x="470" y="230" width="44" height="70" fill="#e9e4da"/><rect x="478" y="240" width="28" height="10" fill="#1d2b3a"/>
<rect x="488" y="210" width="8" height="22" fill="#c0392b"/>
<g stroke="#c0392b" stroke-width="7" fill="none">
  <path d="M600 300 L600 150 L640 150 L640 300"/><path d="M560 160 L700 160"/><path d="M600 215 L640 215"/>
</g>
<g stroke="#c0392b" stroke-width="5" fill="none"><path d="M40 300 L40 190 L70 190 L70 300"/><path d="M10 198 L120 198"/></g>
<rect x="0" y="296" width="${W}" height="8" fill="#55636e"/>`,

  'press-conference.jpg': `
<rect width="${W}" height="${H}" fill="#7a1f2b"/>
<g opacity="0.18" fill="#ffffff">${Array.from({ length: 6 }, (_, i) => `<circle cx="${90 + i * 110}" cy="90" r="30"/>`).join('')}</g>
<rect x="0" y="380" width="${W}" height="100" fill="#3b2a22"/>
<g transform="translate(560 40)">
  <rect x="0" y="0" width="6" height="360" fill="#c9b27c"/>
  <path d="M6 10 C 40 20, 60 0, 96 12 L96 190 C 60 178, 40 198, 6 188Z" fill="#006847"/>
  <path d="M6 10 C 40 20, 60 0, 96 12 L96 190 C 60 178, 40 198, 6 188Z" fill="url(#stripes)"/>
  <defs><linearGradient id="stripes" x1="0" x2="1"><stop offset="0.33" stop-color="#006847"/><stop offset="0.33" stop-color="#f4f1e8"/><stop offset="0.66" stop-color="#f4f1e8"/><stop offset="0.66" stop-color="#ce1126"/></linearGradient></defs>
  <circle cx="51" cy="100" r="12" fill="#8a5a2b"/>
</g>
<g transform="translate(300 120)">
  <circle cx="60" cy="40" r="38" fill="#5a3b2a"/>
  <path d="M30 20 C 40 -10, 90 -10, 98 30 C 92 15, 40 10, 30 20Z" fill="#1f1410"/>
  <path d="M-10 200 C -5 110, 20 90, 60 90 C 100 90, 125 110, 130 200Z" fill="#f4f1e8"/>
  <path d="M118 130 L175 70" stroke="#5a3b2a" stroke-width="16" stroke-linecap="round"/>
  <circle cx="178" cy="66" r="10" fill="#5a3b2a"/>
</g>
<path d="M230 300 L480 300 L460 480 L250 480Z" fill="#8b5e34"/>
<rect x="262" y="330" width="186" height="60" rx="6" fill="#6f4a28"/>
<circle cx="355" cy="360" r="18" fill="#c9b27c"/>
<g stroke="#222" stroke-width="5" stroke-linecap="round">
  <path d="M320 300 L335 250"/><path d="M355 300 L355 245"/><path d="M390 300 L375 250"/>
</g>
<g fill="#222"><circle cx="335" cy="246" r="9"/><circle cx="355" cy="240" r="9"/><circle cx="375" cy="246" r="9"/></g>`,

  'acapulco-storm.jpg': `
<defs><linearGradient id="storm" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4b5563"/><stop offset="1" stop-color="#a3b1bf"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#storm)"/>
<g fill="#374151" opacity="0.85"><ellipse cx="150" cy="70" rx="170" ry="50"/><ellipse cx="420" cy="50" rx="200" ry="55"/><ellipse cx="650" cy="85" rx="150" ry="45"/></g>
<path d="M0 260 C 120 170, 220 180, 320 230 C 420 180, 560 160, 720 220 L720 300 L0 300Z" fill="#4d6b4f"/>
<rect y="290" width="${W}" height="190" fill="#3f6f86"/>
<path d="M0 310 Q 50 300 100 310 T 200 310 T 300 310 T 400 310 T 500 310 T 600 310 T 720 310" stroke="#ffffff66" stroke-width="4" fill="none"/>
<g transform="translate(400 150)">
  <rect x="0" y="20" width="150" height="140" fill="#e7dfd2"/>
  <path d="M-10 24 L80 -8 L165 30" fill="none" stroke="#8b3a2b" stroke-width="12" stroke-linejoin="round"/>
  ${[0, 1, 2].map((r) => [0, 1, 2].map((c) => `<rect x="${16 + c * 46}" y="${40 + r * 40}" width="28" height="24" fill="${(r + c) % 2 ? '#2b3440' : '#6b7b8c'}"/>`).join('')).join('')}
  <path d="M16 40 L44 64 M60 80 L90 104" stroke="#e7dfd2" stroke-width="3"/>
  <path d="M150 60 L170 75 L150 95 L165 120 L150 160" fill="#a3b1bf" stroke="none"/>
</g>
<g fill="#b9a27a"><rect x="360" y="296" width="60" height="10" transform="rotate(-8 390 300)"/><rect x="560" y="300" width="40" height="8" transform="rotate(12 580 304)"/></g>
<rect y="300" width="${W}" height="30" fill="#d9c7a1"/>
${palm(140, 320, 70, 1)}${palm(250, 325, 95, 0.85)}${palm(640, 325, 80, 0.9)}`,
} as const;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: W, height: H } });
  for (const [file, svg] of Object.entries(PICTURES)) {
    await page.setContent(`<html><body style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${svg}</svg></body></html>`);
    const jpeg = await page.screenshot({ type: 'jpeg', quality: 82, clip: { x: 0, y: 0, width: W, height: H } });
    writeFileSync(new URL(`../emails/_fixtures/images/${file}`, import.meta.url), jpeg);
    console.log(`${file}: ${(jpeg.length / 1024).toFixed(1)} KB`);
  }
} finally {
  await browser.close();
}
