// The benchmark's yardstick: plain Eleventy (the same version the build uses) rendering the
// corpus's Markdown files to HTML with one Nunjucks layout: no tiers, no crypto, no feeds.
// Usage: node baseline.mjs <advisories-dir> <scratch-dir>
//
// Eleventy reads the corpus where it is: the layout lives in the scratch folder (an includes
// folder outside the input) and is applied as global data. A copy of the corpus made here would
// be measured too (10,000 files: 1-4.5 s on the project's VM) and flatter every ratio to it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Eleventy from '@11ty/eleventy';

const [input, scratch] = process.argv.slice(2);
const includes = join(scratch, 'includes');
mkdirSync(includes, { recursive: true });
writeFileSync(
  join(includes, 'advisory.njk'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>' +
    '<body><main><h1>{{ title }}</h1>{{ content | safe }}</main></body></html>',
);

const eleventy = new Eleventy(input, join(scratch, 'output'), {
  quietMode: true,
  config(config) {
    config.setTemplateFormats(['md']);
    config.setDataDeepMerge(false);
    config.setIncludesDirectory(relative(input, includes));
    // Front matter is data here too; Markdown is not run through a template engine first.
    config.addGlobalData('layout', 'advisory.njk');
    return { markdownTemplateEngine: false, htmlTemplateEngine: 'njk' };
  },
});
await eleventy.write();
