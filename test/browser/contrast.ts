/// <reference lib="dom" />
import type { Page } from 'playwright-core';

export interface ContrastFailure {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * WCAG 2.1 AA text contrast of everything visible on the page: 4.5:1, or 3:1 for large text (24 px,
 * or 18.66 px bold). The background is the first opaque one up the tree. Disabled controls are exempt
 * (WCAG 1.4.3), and so is text over a chart's canvas (the chart is checked by its own colours).
 */
export function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  return page.evaluate(() => {
    const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]): number => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const backgroundOf = (el: Element | null): string => {
      for (let e = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        const [, , , a = 1] = parse(bg);
        if (bg !== 'transparent' && a >= 0.99) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    const failures: { text: string; ratio: number; color: string; background: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !node.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest('[disabled], .is-disabled, [aria-disabled="true"], .sr-only, canvas')) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || Number(style.opacity) < 0.1)
        continue;
      const fg = parse(style.color);
      if ((fg[3] ?? 1) < 0.99) continue;
      const bg = backgroundOf(el);
      const [l1, l2] = [luminance(fg), luminance(parse(bg))].sort((a, b) => b - a) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        failures.push({
          text: node.textContent.trim().slice(0, 40),
          ratio: Math.round(ratio * 100) / 100,
          color: style.color,
          background: bg,
        });
    }
    return failures;
  });
}

/** True when nothing but tables (which scroll inside themselves) is wider than the window. */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
