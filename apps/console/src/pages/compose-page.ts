/** What differs between the console's pages; the header, navigation and sign-in form are shared. */
export interface PageSpec {
  readonly title: string;
  /** The navigation entry marked as the current page. */
  readonly section: '/' | '/agent' | '/audit';
  readonly content: string;
  readonly scripts: readonly string[];
}

/** Fills the one layout with a page's parts; done once at start-up, not per request. */
export function composePage(layout: string, page: PageSpec): string {
  return layout
    .replace('{{title}}', `${page.title} · PXR console`)
    .replace(new RegExp(`(<a href="${page.section}" [^>]*?) hidden>`), '$1 aria-current="page" hidden>')
    .replace('{{content}}', page.content)
    .replace(
      / *\{\{scripts\}\}\n?/,
      page.scripts.map((src) => `    <script src="${src}"></script>\n`).join(''),
    );
}
