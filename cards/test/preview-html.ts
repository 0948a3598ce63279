import type { RenderedChildNode, RenderedRootNode } from '@hubspot/ui-extensions/testing';

/**
 * The card's rendered component tree as a plain HTML page, so a browser can show what a rep sees
 * (HubSpot draws the real card inside the CRM, out of our reach). Each ui-extensions component the
 * card uses maps to a few lines of HTML and CSS that look like HubSpot's; a component without a
 * mapping fails the preview, so a new one cannot slip in unseen.
 */

type Props = Record<string, unknown>;

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const GAPS: Record<string, string> = { flush: '0', xs: '4px', sm: '8px', md: '16px', lg: '24px' };

function children(node: { childNodes: RenderedChildNode[] }): string {
  return node.childNodes.map(toHtml).join('');
}

type Mapper = (props: Props, inner: string) => string;

const COMPONENTS: Record<string, Mapper> = {
  Flex: (p, inner) =>
    `<div class="flex" style="flex-direction:${p.direction === 'row' ? 'row' : 'column'};gap:${GAPS[String(p.gap ?? 'flush')] ?? '0'};${p.wrap === 'wrap' ? 'flex-wrap:wrap;' : ''}">${inner}</div>`,
  Heading: (_p, inner) => `<h3>${inner}</h3>`,
  Text: (p, inner) => `<p class="text ${p.variant === 'microcopy' ? 'microcopy' : ''}">${inner}</p>`,
  Divider: () => '<hr/>',
  DescriptionList: (p, inner) => `<dl class="${p.direction === 'row' ? 'row' : 'column'}">${inner}</dl>`,
  DescriptionListItem: (p, inner) =>
    `<div class="item"><dt>${escape(String(p.label ?? ''))}</dt><dd>${inner}</dd></div>`,
  Tag: (p, inner) => `<span class="tag ${escape(String(p.variant ?? 'default'))}">${inner}</span>`,
  StatusTag: (p, inner) =>
    `<span class="status ${escape(String(p.variant ?? 'default'))}"><i></i>${inner}</span>`,
  Link: (p, inner) =>
    `<a href="${escape(String((p.href as { url?: string } | undefined)?.url ?? '#'))}">${inner}</a>`,
  Button: (p, inner) => `<button class="${escape(String(p.variant ?? 'secondary'))}">${inner}</button>`,
  Select: (p) =>
    `<label class="field">${escape(String(p.label ?? ''))}${p.required ? ' *' : ''}<select><option>Select an option</option>${((p.options as Array<{ label: string }> | undefined) ?? []).map((o) => `<option>${escape(o.label)}</option>`).join('')}</select></label>`,
  TextArea: (p) =>
    `<label class="field">${escape(String(p.label ?? ''))}<span class="microcopy">${escape(String(p.description ?? ''))}</span><textarea rows="3"></textarea></label>`,
  Input: (p) =>
    `<label class="field">${escape(String(p.label ?? ''))}${p.required ? ' *' : ''}<input type="text" placeholder="${escape(String(p.placeholder ?? ''))}" value="${escape(String(p.value ?? ''))}"/></label>`,
  DateInput: (p) =>
    `<label class="field">${escape(String(p.label ?? ''))}${p.required ? ' *' : ''}<input type="text" placeholder="YYYY-MM-DD"/></label>`,
  TimeInput: (p) =>
    `<label class="field">${escape(String(p.label ?? ''))}<input type="text" placeholder="HH:MM"/></label>`,
  Alert: (p, inner) =>
    `<div class="alert ${escape(String(p.variant ?? 'info'))}"><strong>${escape(String(p.title ?? ''))}</strong>${inner}</div>`,
  LoadingSpinner: (p) => `<p class="microcopy">${escape(String(p.label ?? 'Loading'))}</p>`,
};

export function toHtml(node: RenderedChildNode): string {
  if (node.nodeType === 'text') return escape(node.text);
  const map = COMPONENTS[node.name];
  if (!map)
    throw new Error(
      `the card preview has no mapping for <${node.name}>: add one in cards/test/preview-html.ts`,
    );
  return map(node.props as Props, children(node));
}

const STYLE = `
body{margin:0;background:#f5f8fa;font:14px/1.5 "Lexend Deca",system-ui,sans-serif;color:#33475b}
.frame{width:720px;margin:16px;background:#fff;border:1px solid #dfe3eb;border-radius:4px;padding:20px 24px}
.frame>.title{font-weight:600;font-size:16px;border-bottom:1px solid #dfe3eb;margin:-4px -4px 16px;padding-bottom:8px}
.flex{display:flex}h3{font-size:16px;margin:0}p.text{margin:0}.microcopy{font-size:12px;color:#516f90}
hr{border:0;border-top:1px solid #dfe3eb;margin:4px 0;width:100%}
dl{margin:0;display:flex;gap:12px 24px;flex-wrap:wrap}dl.column{flex-direction:column}.item{min-width:140px}
dt{font-size:12px;font-weight:600;color:#516f90;text-transform:uppercase;letter-spacing:.02em}dd{margin:2px 0 0}
.tag{display:inline-block;border:1px solid #cbd6e2;background:#eaf0f6;border-radius:3px;padding:0 8px;font-size:12px}
.tag.warning{background:#fef8f0;border-color:#fbc675}
.status{font-size:12px;display:inline-flex;align-items:center;gap:4px}.status i{width:8px;height:8px;border-radius:50%;background:#7c98b6}
.status.warning i{background:#f5c26b}.status.danger i{background:#f2545b}.status.success i{background:#00bda5}
a{color:#0091ae;text-decoration:none}
button{font:inherit;font-size:13px;border-radius:3px;padding:6px 12px;border:1px solid #cbd6e2;background:#eaf0f6;color:#33475b}
button.primary{background:#ff7a59;border-color:#ff7a59;color:#fff}button.destructive{background:#f2545b;border-color:#f2545b;color:#fff;align-self:flex-start}
label.field{display:flex;flex-direction:column;gap:4px;font-size:13px;font-weight:600}
select,textarea,input{font:inherit;font-weight:400;border:1px solid #cbd6e2;border-radius:3px;padding:6px;background:#f5f8fa}
.alert{border-left:4px solid #00a4bd;background:#e5f5f8;padding:8px 12px}.alert.danger{border-color:#f2545b;background:#fde8e9}
`;

/** The whole page: the card inside a frame shaped like a contact record's tab. */
export function previewPage(root: RenderedRootNode, title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>${escape(title)}</title><style>${STYLE}</style></head><body><div class="frame"><div class="title">${escape(title)}</div>${children(root)}</div></body></html>`;
}
