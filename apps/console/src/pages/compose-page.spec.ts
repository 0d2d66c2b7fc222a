import { composePage } from './compose-page';

const layout = [
  '<title>{{title}}</title>',
  '<a href="/" data-roles="leader ops" hidden>Dashboard</a>',
  '<a href="/agent" data-roles="agent" hidden>Customer view</a>',
  '{{content}}',
  '{{scripts}}',
  '',
].join('\n');

describe('composePage', () => {
  it('fills the layout and marks only its own section as current', () => {
    const page = composePage(layout, {
      title: 'Customer view',
      section: '/agent',
      content: '<h1>Customer view</h1>',
      scripts: ['/assets/agent.js'],
    });
    expect(page).toBe(
      [
        '<title>Customer view · PXR console</title>',
        '<a href="/" data-roles="leader ops" hidden>Dashboard</a>',
        '<a href="/agent" data-roles="agent" aria-current="page" hidden>Customer view</a>',
        '<h1>Customer view</h1>',
        '    <script src="/assets/agent.js"></script>',
        '',
      ].join('\n'),
    );
  });
});
