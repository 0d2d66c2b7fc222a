import { readFileSync } from 'node:fs';

/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [--top N]`: where an app spent its CPU, from the
 * profile `npm run bench -- --profile APP` wrote. Self time by function and by file, and inclusive
 * time by function (each function counted once per sample, however deep it recurses).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function main(): void {
  // Piped into head: stop quietly when the reader has had enough.
  process.stdout.on('error', () => process.exit(0));
  const [file, ...rest] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const top = rest[0] === '--top' ? Number(rest[1]) : 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const node = byId.get(id)!;
    add(self, nameOf(node), ms);
    add(byFile, fileOf(node), ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at)!);
      if (!seen.has(name)) add(inclusive, name, ms);
      seen.add(name);
    }
  });
  const idle = (self.get('(idle)') ?? 0) + (self.get('(program)') ?? 0);
  process.stdout.write(
    `${file}\n${(total / 1000).toFixed(1)} s profiled, ${(idle / 1000).toFixed(1)} s idle or outside JavaScript ` +
      `(${pct(idle, total)}); garbage collection ${pct(self.get('(garbage collector)') ?? 0, total)}\n`,
  );
  print('self time by function', self, total, top);
  print('self time by file', byFile, total, top);
  print('inclusive time by function', inclusive, total, top);
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (url === '') return functionName === '' ? '(anonymous)' : functionName;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
}

function fileOf(node: ProfileNode): string {
  const url = node.callFrame.url;
  return url === '' ? node.callFrame.functionName || '(native)' : shortUrl(url);
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|dist)\//, '$1/');
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function pct(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)}%`;
}

function print(title: string, map: Map<string, number>, total: number, top: number): void {
  process.stdout.write(`\n${title}:\n`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(ms / 1000).toFixed(2).padStart(9)} s ${pct(ms, total).padStart(6)}  ${name}\n`);
  }
}

main();
