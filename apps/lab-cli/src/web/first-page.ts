import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Packages that must never be in the first page: the editor and the terminal load on demand. */
export const LAZY_ONLY = [
  /[/\\]node_modules[/\\]@?codemirror/,
  /[/\\]node_modules[/\\]@xterm[/\\]/,
  /[/\\]node_modules[/\\]recharts[/\\]/,
];

export interface FirstPageFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstPageWeight {
  /** The scripts index.html loads before any page code: its module entry and its modulepreloads. */
  scripts: FirstPageFile[];
  styles: FirstPageFile[];
  scriptGzipBytes: number;
  styleGzipBytes: number;
  /** Sources of the initial scripts (from their source maps) that belong to a lazy-only package. */
  lazyOnlyInFirstPage: string[];
}

/** What a visitor's browser downloads before the first page can run, read from a Vite build. */
export function firstPageWeight(buildDir: string): FirstPageWeight {
  const html = readFileSync(join(buildDir, 'index.html'), 'utf8');
  const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1];
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const tag of tags) {
    if (tag.startsWith('<script') && attribute(tag, 'src')) scripts.add(attribute(tag, 'src')!);
    if (tag.startsWith('<link') && /rel="modulepreload"/.test(tag) && attribute(tag, 'href'))
      scripts.add(attribute(tag, 'href')!);
    if (tag.startsWith('<link') && /rel="stylesheet"/.test(tag) && attribute(tag, 'href'))
      styles.add(attribute(tag, 'href')!);
  }
  const measure = (href: string): FirstPageFile => {
    const content = readFileSync(join(buildDir, href.replace(/^\//, '')));
    return { file: href, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  };
  const scriptFiles = [...scripts].map(measure);
  const styleFiles = [...styles].map(measure);
  const lazyOnlyInFirstPage = [...scripts].flatMap((href) => {
    const map = join(buildDir, `${href.replace(/^\//, '')}.map`);
    if (!existsSync(map)) return [];
    const sources = (JSON.parse(readFileSync(map, 'utf8')) as { sources?: string[] }).sources ?? [];
    return sources.filter((source) => LAZY_ONLY.some((pattern) => pattern.test(source)));
  });
  return {
    scripts: scriptFiles,
    styles: styleFiles,
    scriptGzipBytes: scriptFiles.reduce((sum, file) => sum + file.gzipBytes, 0),
    styleGzipBytes: styleFiles.reduce((sum, file) => sum + file.gzipBytes, 0),
    lazyOnlyInFirstPage,
  };
}
