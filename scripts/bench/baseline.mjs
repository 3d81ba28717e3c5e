// The benchmark's yardstick: plain Eleventy (the same version the build uses) rendering the
// corpus's Markdown files to HTML with one Nunjucks layout: no tiers, no crypto, no feeds.
// Usage: node baseline.mjs <advisories-dir> <scratch-dir>
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Eleventy from '@11ty/eleventy';

const [source, scratch] = process.argv.slice(2);
const input = join(scratch, 'input');
mkdirSync(join(input, '_includes'), { recursive: true });
cpSync(source, join(input, 'advisories'), { recursive: true });
writeFileSync(
  join(input, '_includes', 'advisory.njk'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>' +
    '<body><main><h1>{{ title }}</h1>{{ content | safe }}</main></body></html>',
);
// Front matter is data here too; Markdown is not run through a template engine first.
writeFileSync(join(input, 'advisories', 'advisories.json'), JSON.stringify({ layout: 'advisory.njk' }));

const eleventy = new Eleventy(input, join(scratch, 'output'), {
  quietMode: true,
  config(config) {
    config.setTemplateFormats(['md']);
    config.setDataDeepMerge(false);
    return { markdownTemplateEngine: false, htmlTemplateEngine: 'njk' };
  },
});
await eleventy.write();
