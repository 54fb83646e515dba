// Chart colours: text, grid and fonts from the VS Code theme's CSS variables; series colours
// from the Okabe–Ito palette, which stays distinguishable under the common colour-vision
// deficiencies (brighter variants in high contrast, where the background is pure black).

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  current: string;
  recommended: string;
  dead: string;
  saturated: string;
  band: string;
  highlight: string;
}

const PALETTES: Record<ThemeKind, Pick<Theme, 'current' | 'recommended' | 'dead' | 'saturated'>> = {
  light: { current: '#D55E00', recommended: '#0072B2', dead: '#CC79A7', saturated: '#009E73' },
  dark: { current: '#D55E00', recommended: '#0072B2', dead: '#CC79A7', saturated: '#009E73' },
  'high-contrast': { current: '#FF8A3D', recommended: '#56B4E9', dead: '#F5A3D3', saturated: '#3FE0AE' },
  'high-contrast-light': { current: '#A84A00', recommended: '#005A8C', dead: '#9E3D7A', saturated: '#00694C' },
};

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const classes = body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  return classes.contains('vscode-light') ? 'light' : 'dark';
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const css = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const kind = themeKind();
  const dark = kind === 'dark' || kind === 'high-contrast';
  const foreground = css('--vscode-foreground', style.color || (dark ? '#cccccc' : '#333333'));
  return {
    kind,
    foreground,
    muted: css('--vscode-descriptionForeground', foreground),
    grid: css('--vscode-editorWidget-border', css('--vscode-panel-border', foreground)),
    background: css('--vscode-editor-background', style.backgroundColor || (dark ? '#1e1e1e' : '#ffffff')),
    fontFamily: css('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(css('--vscode-font-size', '13px')) || 13,
    band: css('--vscode-charts-green', dark ? '#89d185' : '#388a34'),
    highlight: css('--vscode-focusBorder', PALETTES[kind].recommended),
    ...PALETTES[kind],
  };
}

/** A key that changes when anything `readTheme` reads does. */
export function themeSignature(theme: Theme): string {
  return JSON.stringify(theme);
}

/** Calls `onChange` when VS Code switches theme: it swaps the body's class and the variables on `<html>`. */
export function watchTheme(onChange: () => void): MutationObserver {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return observer;
}

const scratch = document.createElement('canvas').getContext('2d');

/** `color` at `alpha` opacity, for grid lines and fills (any CSS colour the canvas understands). */
export function withAlpha(color: string, alpha: number): string {
  if (!scratch) return color;
  scratch.fillStyle = '#000000';
  scratch.fillStyle = color;
  const normal = String(scratch.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normal);
  if (hex) return `rgba(${Number.parseInt(hex[1], 16)}, ${Number.parseInt(hex[2], 16)}, ${Number.parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)$/.exec(normal.replace(/\s/g, ''));
  if (rgba) return `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, ${alpha * (rgba[4] === undefined ? 1 : Number(rgba[4]))})`;
  return color;
}

export function canvasFont(theme: Theme, scale = 1, weight = ''): string {
  return `${weight ? `${weight} ` : ''}${Math.round(theme.fontSize * scale * 10) / 10}px ${theme.fontFamily}`;
}
