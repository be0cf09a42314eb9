// The benchmark's workloads, generated reproducibly from a seed: communiqué paragraphs in a seeded
// order up to a size, with random spans and themes (some overlapping), as our project file and
// as W3C annotations for the peer.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SEED = 20210628;

export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function uuid(next) {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export async function communiqueParagraphs() {
  const markdown = await readFile(join(root, 'content/communique.md'), 'utf8');
  return markdown.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 200 && !p.startsWith('#'));
}

/** A workload: paragraphs, and annotations as our project file and as W3C for the peer. */
export async function workload(name, targetBytes, annotationCount) {
  const next = random(SEED + targetBytes + annotationCount);
  const source = await communiqueParagraphs();
  const paragraphs = [];
  let size = 0;
  while (size < targetBytes) {
    const paragraph = source[Math.floor(next() * source.length)];
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  const text = paragraphs.join('\n\n');
  const themes = Array.from({ length: 10 }, (_, index) => ({
    id: uuid(next), name: `Theme ${index + 1}`, colour: `#${Math.floor(next() * 0xffffff).toString(16).padStart(6, '0')}`,
    description: '', creator: 'bench', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
  }));
  const annotations = [];
  for (let index = 0; index < annotationCount; index += 1) {
    const start = Math.floor(next() * (text.length - 200));
    const end = start + 10 + Math.floor(next() * 190);
    const themeIds = [themes[Math.floor(next() * 10)].id];
    if (next() < 0.2) themeIds.push(themes[Math.floor(next() * 10)].id);
    annotations.push({
      id: uuid(next), document: name, start, end, exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32),
      theme_ids: [...new Set(themeIds)], note: '', creator: 'bench',
      created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    });
  }
  const project = {
    version: 2, generator: 'communique-annotator',
    documents: [{
      id: name, title: `Bench ${name}`, source: `urn:bench:${name}`,
      fingerprint: createHash('sha256').update(text).digest('hex'),
      blocks: paragraphs.map((paragraph) => ({ kind: 'paragraph', pieces: [{ text: paragraph }] })),
    }],
    themes, annotations,
  };
  const w3c = annotations.map((annotation) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld', id: `urn:uuid:${annotation.id}`, type: 'Annotation',
    body: annotation.theme_ids.map((id) => ({ type: 'TextualBody', purpose: 'tagging', value: themes.find((t) => t.id === id).name })),
    target: { source: `urn:bench:${name}`, selector: [
      { type: 'TextQuoteSelector', exact: annotation.exact, prefix: annotation.prefix, suffix: annotation.suffix },
      { type: 'TextPositionSelector', start: annotation.start, end: annotation.end },
    ] },
  }));
  return { name, bytes: text.length, annotations: annotationCount, project: JSON.stringify(project), paragraphs, w3c, source: `urn:bench:${name}` };
}

/**
 * A team's files: `files` project files on one text, each from its own coder with `each`
 * annotations of its own (ids, spans and themes from the seed), the codebook shared.
 */
export async function teamFiles(name, targetBytes, files, each) {
  const base = JSON.parse((await workload(name, targetBytes, each)).project);
  const text = base.documents[0].blocks.map((block) => block.pieces[0].text).join('\n\n');
  return Array.from({ length: files }, (_, file) => {
    const next = random(SEED + 7919 * (file + 1));
    const annotations = Array.from({ length: each }, () => {
      const start = Math.floor(next() * (text.length - 200));
      const end = start + 10 + Math.floor(next() * 190);
      return {
        id: uuid(next), document: name, start, end, exact: text.slice(start, end),
        prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32),
        theme_ids: [base.themes[Math.floor(next() * base.themes.length)].id], note: '', creator: `Coder ${file + 1}`,
        created: '2026-01-02T00:00:00.000Z', modified: '2026-01-02T00:00:00.000Z',
      };
    });
    return JSON.stringify({ ...base, annotations });
  });
}

/**
 * A workload on the app's own default document (the communiqué as the app keeps it in its
 * project file, `document`), with `annotationCount` seeded annotations, each inside one block:
 * as our project file (version 2, the document as the app has it, so that the app takes it for
 * its own and the annotations anchor) and, for the peer, the blocks as paragraphs with the same
 * annotations in W3C.
 */
export function communiqueWorkload(name, document, annotationCount) {
  const next = random(SEED + 13_000 + annotationCount);
  // The app's plain text: the blocks' pieces one after the other, a blank line between blocks
  // (none before a rule), offsets in code points (crates/core/src/document.rs, from_pending).
  const blocks = [];
  let text = '';
  let peerLength = 0;
  for (const block of document.blocks) {
    if (block.kind !== 'rule' && text.length > 0) text += '\n\n';
    const blockText = (block.pieces ?? []).map((piece) => piece.text).join('');
    blocks.push({ kind: block.kind, text: blockText, start: [...text].length, peerStart: peerLength });
    text += blockText;
    if (block.kind !== 'rule') peerLength += blockText.length;
  }
  const codePoints = [...text];
  const themes = Array.from({ length: 10 }, (_, index) => ({
    id: uuid(next), name: `Theme ${index + 1}`, colour: `#${Math.floor(next() * 0xffffff).toString(16).padStart(6, '0')}`,
    description: '', creator: 'bench', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
  }));
  const long = blocks.filter((block) => block.kind === 'paragraph' && block.text.length > 80);
  const annotations = [];
  const w3c = [];
  for (let index = 0; index < annotationCount; index += 1) {
    const block = long[Math.floor(next() * long.length)];
    const from = Math.floor(next() * (block.text.length - 20));
    const to = Math.min(block.text.length, from + 10 + Math.floor(next() * 190));
    const start = block.start + [...block.text.slice(0, from)].length;
    const end = block.start + [...block.text.slice(0, to)].length;
    const themeIds = [themes[Math.floor(next() * 10)].id];
    if (next() < 0.2) themeIds.push(themes[Math.floor(next() * 10)].id);
    const annotation = {
      id: uuid(next), document: document.id, start, end, exact: codePoints.slice(start, end).join(''),
      prefix: codePoints.slice(Math.max(0, start - 32), start).join(''), suffix: codePoints.slice(end, end + 32).join(''),
      theme_ids: [...new Set(themeIds)], note: '', creator: 'bench',
      created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    };
    annotations.push(annotation);
    // The peer's text is its paragraphs' text one after the other, offsets in UTF-16 units.
    w3c.push({
      '@context': 'http://www.w3.org/ns/anno.jsonld', id: `urn:uuid:${annotation.id}`, type: 'Annotation',
      body: annotation.theme_ids.map((id) => ({ type: 'TextualBody', purpose: 'tagging', value: themes.find((t) => t.id === id).name })),
      target: { source: document.source, selector: [
        { type: 'TextQuoteSelector', exact: annotation.exact, prefix: annotation.prefix, suffix: annotation.suffix },
        { type: 'TextPositionSelector', start: block.peerStart + from, end: block.peerStart + to },
      ] },
    });
  }
  const project = { version: 2, generator: 'communique-annotator', documents: [document], themes, annotations };
  return {
    name, bytes: text.length, annotations: annotationCount, project: annotationCount ? JSON.stringify(project) : null,
    paragraphs: blocks.filter((block) => block.kind !== 'rule').map((block) => block.text), w3c, source: document.source,
  };
}
