/**
 * A chart's <svg> as a file of its own: SVG text, or a PNG drawn from it on a canvas. The page's
 * CSS does not travel with the file, so the properties the charts take from it (theme colours as
 * CSS variables, the font) are copied from the computed style onto each cloned element.
 */
const INLINED = [
  'color',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
] as const;

export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  originals.forEach((original, index) => {
    const computed = getComputedStyle(original);
    const style = (copies[index] as SVGElement).style;
    for (const property of INLINED) style.setProperty(property, computed.getPropertyValue(property));
  });
  const { width, height } = svg.viewBox.baseVal;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // A file has no page behind it: give it the page's background.
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#fff');
  clone.insertBefore(background, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The SVG text drawn on a canvas at `pixelRatio` × its size (sharp on high-density screens). */
export async function svgToPng(svgText: string, width: number, height: number, pixelRatio = 2): Promise<Blob> {
  // A blob: URL is allowed by the page's CSP (img-src 'self' data: blob:); an SVG image without
  // foreignObject does not taint the canvas.
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * pixelRatio);
    canvas.height = Math.round(height * pixelRatio);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hands a blob to the browser as a download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; free it once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function downloadSvgAs(svg: SVGSVGElement, format: 'svg' | 'png', basename: string): Promise<void> {
  const text = serializeSvg(svg);
  if (format === 'svg') {
    downloadBlob(new Blob([text], { type: 'image/svg+xml' }), `${basename}.svg`);
    return;
  }
  const { width, height } = svg.viewBox.baseVal;
  downloadBlob(await svgToPng(text, width, height), `${basename}.png`);
}
