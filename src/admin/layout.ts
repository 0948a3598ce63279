import type { AdminSession } from './admin-session';
import { html, raw, type Html } from './html';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#213343;background:#f5f8fa}
header{background:#213343;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header a{color:#fff;text-decoration:none;opacity:.8}header a.active{opacity:1;font-weight:600;border-bottom:2px solid #ff7a59}
header .who{margin-left:auto;opacity:.8}header form{margin:0}header button{background:none;border:1px solid #fff8;color:#fff;border-radius:3px;cursor:pointer}
main{padding:16px 24px;max-width:1680px;box-sizing:border-box}h1{font-size:20px;margin:8px 0 16px}h2{font-size:16px;margin:24px 0 8px}
section.card{background:#fff;border:1px solid #dfe3eb;border-radius:4px;padding:12px 16px;margin-bottom:16px;overflow-x:auto}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaf0f6;vertical-align:top}
th{font-weight:600;background:#f5f8fa}td.num,th.num{text-align:right}td.num{white-space:nowrap}
th a{color:inherit;text-decoration:none}th a:hover{text-decoration:underline}th[aria-sort=descending],th[aria-sort=ascending]{color:#0091ae}
.counts{display:block;font-size:11px;color:#7c98b6}.id{font-size:11px}.nowrap{white-space:nowrap}
table.breakdown{font-size:13px}table.breakdown td.group{min-width:160px;max-width:320px;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto}h2 .links{font-size:12px;font-weight:400;margin-left:8px}
.two-columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}.two-columns section.card{margin-bottom:0}
svg.trend{width:100%;height:auto}svg.bars{width:100%;height:auto}.chart .grid{stroke:#eaf0f6}.chart .axis-title{fill:#516f90;font-size:11px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px;margin-bottom:16px}
.tile{background:#fff;border:1px solid #dfe3eb;border-radius:4px;padding:10px 12px}.tile .label{font-size:12px;color:#516f90}
.tile .value{font-size:20px;font-weight:600}.tile .sub{font-size:12px;color:#516f90}
.chart text{font-size:11px;fill:#33475b}.chart .bar{fill:#00a4bd}.chart .axis{stroke:#cbd6e2}.chart .rate-line{fill:none;stroke:#ff7a59;stroke-width:2}
.chart .rate-dot{fill:#ff7a59}.chart .legend{fill:#516f90}
form.inline{display:flex;gap:8px;align-items:end;flex-wrap:wrap}label{display:flex;flex-direction:column;font-size:12px;color:#516f90;gap:2px}
input,select,textarea,button{font:inherit}textarea{width:100%;font-family:ui-monospace,Menlo,monospace;font-size:12px}
button.primary{background:#ff7a59;border:0;color:#fff;padding:6px 14px;border-radius:3px;cursor:pointer}
.error{background:#fde8e9;border:1px solid #f2545b;color:#8b1f24;padding:8px 12px;border-radius:4px;margin-bottom:12px}
.ok{background:#e5f8f6;border:1px solid #00bda5;padding:8px 12px;border-radius:4px;margin-bottom:12px}
.muted{color:#7c98b6}pre{background:#f5f8fa;padding:8px;overflow:auto;font-size:12px}code{font-size:12px}
`;

export interface PageOptions {
  title: string;
  active: 'dashboard' | 'audit' | 'playbook' | 'evidence' | 'dead-letters' | 'login';
  session: AdminSession | null;
  csrf?: string;
  body: Html;
}

export function page(options: PageOptions): string {
  const nav = options.session
    ? html`<a href="/admin" class="${options.active === 'dashboard' ? 'active' : ''}">Dashboard</a>
        <a href="/admin/audit" class="${options.active === 'audit' ? 'active' : ''}">Audit</a>
        <a href="/admin/playbook" class="${options.active === 'playbook' ? 'active' : ''}">Playbook</a>
        <a href="/admin/evidence" class="${options.active === 'evidence' ? 'active' : ''}">Evidence</a>
        <a href="/admin/dead-letters" class="${options.active === 'dead-letters' ? 'active' : ''}"
          >Dead letters</a
        >
        <span class="who">Portal ${options.session.portalId} · ${options.session.user}</span>
        <form method="post" action="/admin/logout">
          <input type="hidden" name="_csrf" value="${options.csrf ?? ''}" /><button type="submit">
            Sign out
          </button>
        </form>`
    : html``;
  return `<!doctype html>${
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${options.title} · Handoff admin</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header><strong>Handoff</strong>${nav}</header>
        <main>${options.body}</main>
      </body>
    </html>`.text
  }`;
}
