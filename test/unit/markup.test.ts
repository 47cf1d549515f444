// src/print/markup.ts: spec text shown in HTML and Markdown stays text.
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMd, htmlCommentText, mdCode, mdFence, quotedString, scriptJson, wellFormed } from '../../src/print/markup.js';

const H = `"'\`\${x}*/</script><!--\r\n\u2028|\ud800`;

describe('markup', () => {
  it('HTML: no markup survives, and data in a <script> cannot close it or open a comment', () => {
    expect(escapeHtml(H)).not.toMatch(/[<>"']/);
    const json = scriptJson({ t: H });
    expect(json).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ t: H });
    expect(htmlCommentText('a-->b--!>c\nd')).toBe('a- ->b- -!>c d');
  });

  it('Markdown prose: rendered as written (no HTML, emphasis, code, link, table cell or block), one line', () => {
    // \r\n and U+2028: one space each
    expect(escapeMd(H)).toBe('"\'\\`${x}\\*/&lt;/script&gt;&lt;!--  \\|\ud800');
    expect(escapeMd('a *b* _c_ [d](e) ~~f~~ \\')).toBe('a \\*b\\* \\_c\\_ \\[d\\](e) \\~\\~f\\~\\~ \\\\');
    expect(['# h', '- item', '+ item', '1. one', '2) two', ' > q'].map(escapeMd)).toEqual(['\\# h', '\\- item', '\\+ item', '1\\. one'.replace('1\\.', '\\1.'), '\\2) two', ' &gt; q']);
  });

  it('Markdown code: a span no backtick ends, one line; `|` escaped in table cells', () => {
    expect(mdCode('a`b')).toBe('`` a`b ``');
    expect(mdCode('a\r\nb|c')).toBe('`a b|c`');
    expect(mdCode('a|b', { table: true })).toBe('`a\\|b`');
    expect(mdFence('json', '```\n{}\n')).toEqual(['````json', '```', '{}', '````']);
  });

  it('a quoted string literal: one line, and it evaluates back to the text', () => {
    const lit = quotedString(H);
    expect(lit).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
    expect((0, eval)(lit)).toBe(H);
    expect(quotedString("it's")).toBe("'it\\'s'");
  });

  it('wellFormed: what a UTF-8 file makes of the text', () => {
    expect(wellFormed('a\ud800b\udc00c😀')).toBe(Buffer.from('a\ud800b\udc00c😀', 'utf8').toString('utf8'));
  });
});
