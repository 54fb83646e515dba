// Building the page without markup strings: every text, layer names included, goes in as a
// Text node or an attribute value, so nothing from the user's source is ever parsed as HTML.

type Attributes = Record<string, string | number | boolean | undefined>;

/** `<tag attributes>children</tag>`; `class` sets the class name, `true` an empty attribute, `false`/`undefined` nothing. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') node.className = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children);
  return node;
}

/** A `<select>` of `[value, label]` options with `selected` chosen. */
export function select(id: string, options: readonly (readonly [string, string])[], selected: string): HTMLSelectElement {
  const node = el('select', { id });
  setOptions(node, options, selected);
  return node;
}

export function setOptions(node: HTMLSelectElement, options: readonly (readonly [string, string])[], selected: string): void {
  node.replaceChildren(...options.map(([value, label]) => el('option', { value }, label)));
  node.value = options.some(([value]) => value === selected) ? selected : (options[0]?.[0] ?? '');
}
