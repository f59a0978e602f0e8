/**
 * The accessible name of a Taro control. `ariaLabel` is Taro's own prop (mini-program templates);
 * the H5 web components forward only kebab-case `aria-*` attributes to the DOM, hence the copy.
 */
export function a11y(label: string): { ariaLabel: string } {
  return { ariaLabel: label, 'aria-label': label } as { ariaLabel: string };
}
