/** What the sandbox returns as "the captured face": a drawn silhouette, clearly marked as a simulation. */
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="300" viewBox="0 0 240 300">
<rect width="240" height="300" fill="#e8eef5"/>
<circle cx="120" cy="118" r="58" fill="#b8c6d6"/>
<path d="M30 300c8-70 50-104 90-104s82 34 90 104z" fill="#b8c6d6"/>
<text x="120" y="286" font-size="22" text-anchor="middle" fill="#44546a">模拟人像 SIMULATED</text>
</svg>`;

export const SIMULATED_FACE = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
