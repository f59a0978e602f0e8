/**
 * Plain DOM stand-ins for @tarojs/components in jsdom tests (Taro's own test utils do not work with
 * Taro 4). They keep the props the app relies on: Taro's `e.detail.value` events, `ariaLabel`, and
 * the handlers of Canvas.
 */
import { createElement, type ReactNode } from 'react';

type Props = Record<string, any> & { children?: ReactNode };

/** Taro-only props dropped, accessibility props turned into DOM attributes. */
function domProps(props: Props): Props {
  const { ariaLabel, catchMove, loading, hoverClass, disableScroll, mode, showMenuByLongpress, maxlength, ...rest } = props;
  void catchMove;
  void loading;
  void hoverClass;
  void disableScroll;
  void mode;
  void showMenuByLongpress;
  return { ...rest, ...(ariaLabel ? { 'aria-label': ariaLabel } : {}), ...(maxlength ? { maxLength: maxlength } : {}) };
}

export const View = (props: Props) => createElement('div', domProps(props));
export const Text = (props: Props) => createElement('span', domProps(props));
export const Image = ({ src, ...props }: Props) => createElement('img', { ...domProps(props), src, alt: props.ariaLabel ?? '' });
export const Canvas = ({ type, ...props }: Props) => createElement('canvas', { ...domProps(props), 'data-type': type });

export const Button = ({ disabled, ...props }: Props) =>
  createElement('button', { ...domProps(props), type: 'button', disabled: !!disabled });

/** Taro's Input reports `onInput({detail: {value}})`; React's onChange fires on every input event. */
export const Input = ({ onInput, onBlur, value, type, ...props }: Props) =>
  createElement('input', {
    ...domProps(props),
    'data-type': type,
    value: value ?? '',
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
    onBlur: (e: { target: { value: string } }) => onBlur?.({ detail: { value: e.target.value } }),
  });

/** Picker mode="selector": a native select carrying the range; change reports the chosen index. */
export const Picker = ({ range = [], value, onChange, children, mode }: Props) =>
  createElement(
    'div',
    { 'data-mode': mode },
    children,
    createElement(
      'select',
      {
        'data-testid': 'picker',
        value: String(value ?? 0),
        onChange: (e: { target: { value: string } }) => onChange?.({ detail: { value: Number(e.target.value) } }),
      },
      (range as string[]).map((label, i) => createElement('option', { key: label, value: String(i) }, label)),
    ),
  );
