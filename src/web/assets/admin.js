// The editors' workspace works without this script. It only enhances: a warning before leaving a form
// with unsaved changes, and suggestions in authority fields (people, places, types…) by any name variant.
(function () {
  'use strict';
  document.querySelectorAll('form[data-warn-unsaved]').forEach(function (form) {
    var dirty = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('submit', function () { dirty = false; });
    window.addEventListener('beforeunload', function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ''; }
    });
  });

  document.querySelectorAll('input[data-lookup]').forEach(function (input) {
    var list = document.createElement('datalist');
    list.id = input.id + '-suggestions';
    input.after(list);
    input.setAttribute('list', list.id);
    var timer = 0;
    var asked = '';
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      timer = setTimeout(function () {
        asked = q;
        fetch('/admin/lookup?kinds=' + encodeURIComponent(input.dataset.lookup) + '&q=' + encodeURIComponent(q), { credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.suggestions.forEach(function (s) {
              var option = document.createElement('option');
              option.value = s.id;
              option.label = s.name + (s.matched !== s.name ? ' — ' + s.matched : '') + ' (' + s.kind + ')';
              list.append(option);
            });
          })
          .catch(function () { /* suggestions are a convenience; typing a name still works */ });
      }, 150);
    });
  });
})();

// A small rich-text editor over the texts' HTML fields (data-rich). The textarea stays the form's field and
// the source of truth: the editor writes back into it only the rich-text subset the archive's sanitizer
// keeps (paragraphs, lists, emphasis, editorial brackets, notes, links), so what an editor sees is what is
// saved. Without this script the textarea is edited as HTML.
(function () {
  'use strict';
  var KEEP = { P: 'p', BR: 'br', EM: 'em', I: 'em', STRONG: 'strong', B: 'strong', U: 'u', S: 's', SUB: 'sub', SUP: 'sup', UL: 'ul', OL: 'ol', LI: 'li',
    BLOCKQUOTE: 'blockquote', H2: 'h2', H3: 'h3', H4: 'h4', SPAN: 'span', A: 'a', DIV: 'p', Q: 'q', CITE: 'cite', SMALL: 'small', MARK: 'mark' };
  var DROP = { SCRIPT: 1, STYLE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, TEMPLATE: 1, NOSCRIPT: 1, TEXTAREA: 1, SELECT: 1, IMG: 1, SVG: 1, MATH: 1 };
  var CLASSES = ['editorial', 'note', 'footnote', 'page-break', 'attachment', 'closer', 'header', 'salutation', 'signed', 'dateline', 'source-note', 'list-subject', 'redaction'];

  // Rebuilds `from`'s children into `to` keeping only the subset; never assigns untrusted HTML to a live node.
  function clean(from, to) {
    from.childNodes.forEach(function (node) {
      if (node.nodeType === 3) { to.appendChild(document.createTextNode(node.nodeValue)); return; }
      if (node.nodeType !== 1 || DROP[node.nodeName]) return;
      var tag = KEEP[node.nodeName];
      if (!tag) { clean(node, to); return; } // unknown element: keep its text
      var el = document.createElement(tag);
      var classes = (node.getAttribute('class') || '').split(/\s+/).filter(function (c) { return CLASSES.indexOf(c) >= 0; });
      if (tag === 'span' && classes.length === 0) { clean(node, to); return; }
      if (classes.length) el.setAttribute('class', classes.join(' '));
      ['lang', 'dir'].forEach(function (a) { if (node.getAttribute(a)) el.setAttribute(a, node.getAttribute(a)); });
      if (tag === 'a') {
        var href = node.getAttribute('href') || '';
        if (/^(https?:|mailto:)/i.test(href)) el.setAttribute('href', href); else { clean(node, to); return; }
      }
      clean(node, el);
      to.appendChild(el);
    });
    return to;
  }

  function parse(html) {
    // DOMParser documents are inert: nothing in them loads or runs.
    return new DOMParser().parseFromString('<body>' + html + '</body>', 'text/html').body;
  }

  document.querySelectorAll('textarea[data-rich]').forEach(function (area) {
    var label = document.querySelector('label[for="' + area.id + '"]');
    var bar = document.createElement('div');
    bar.className = 'rich-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', (label ? label.textContent : 'Text') + ': formatting');
    var editor = document.createElement('div');
    editor.className = 'rich-editor rich-text';
    editor.contentEditable = 'true';
    editor.setAttribute('role', 'textbox');
    editor.setAttribute('aria-multiline', 'true');
    if (label) { label.id = label.id || area.id + '-label'; editor.setAttribute('aria-labelledby', label.id); }
    if (area.lang) editor.lang = area.lang;
    clean(parse(area.value), editor);

    function sync() {
      var out = clean(editor, document.createElement('div'));
      area.value = out.innerHTML;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function wrap(className) {
      var sel = window.getSelection();
      if (!sel.rangeCount || sel.isCollapsed || !editor.contains(sel.anchorNode)) return;
      var span = document.createElement('span');
      span.className = className;
      span.appendChild(sel.getRangeAt(0).extractContents());
      sel.getRangeAt(0).insertNode(span);
    }
    var buttons = [
      ['Paragraph', function () { document.execCommand('formatBlock', false, 'p'); }],
      ['Emphasis', function () { document.execCommand('italic'); }],
      ['Strong', function () { document.execCommand('bold'); }],
      ['List', function () { document.execCommand('insertUnorderedList'); }],
      ['Numbered list', function () { document.execCommand('insertOrderedList'); }],
      ['[Editorial]', function () { wrap('editorial'); }],
      ['(Note)', function () { wrap('note'); }],
      ['Edit HTML', function () {
        if (area.hidden) { area.hidden = false; editor.hidden = true; return; }
        editor.replaceChildren();
        clean(parse(area.value), editor);
        area.hidden = true;
        editor.hidden = false;
      }],
    ];
    buttons.forEach(function (b) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button--secondary';
      button.textContent = b[0];
      button.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep the selection in the editor
      button.addEventListener('click', function () { b[1](); sync(); });
      bar.appendChild(button);
    });
    editor.addEventListener('input', sync);
    editor.addEventListener('paste', function (e) {
      // Pasted HTML (from a word processor) is reduced to the subset before it enters the page.
      var html = e.clipboardData && e.clipboardData.getData('text/html');
      if (!html) return;
      e.preventDefault();
      var frag = clean(parse(html), document.createElement('div'));
      document.execCommand('insertHTML', false, frag.innerHTML);
    });
    area.hidden = true;
    area.before(bar, editor);
  });
})();

// The preview pane beside the texts (text-preview.tsx), redrawn as the editor types: a pause of 400 ms, then
// the form is sent with _action=preview&_fragment=1 and the server, which writes nothing, answers with the
// pane's body drawn by the public page's own components. Only the latest answer is shown. The status line is
// a polite live region that speaks only when the preview fails or recovers, not on every redraw. A language
// field also sets its text's lang and dir, so Arabic is typed right to left and Japanese gets its glyphs.
(function () {
  'use strict';
  var RTL = /^(?:ar|he|fa|ur|ps|yi|ug|ckb|dv)(?:-|$)/i; // as languageDirection in src/domain/language.ts
  var pane = document.querySelector('[data-text-preview]');
  if (!pane) return;
  var form = pane.closest('form');
  var body = pane.querySelector('[data-preview-body]');
  var status = pane.querySelector('[data-preview-status]');
  var timer = 0;
  var seq = 0;
  var controller = null;
  var failed = false;
  var TEXT_FIELD = /^(?:(?:translations|transcripts)\.\d+\.|languages$|classification$|cable\.|_view$)/;

  function setLanguage(input) {
    var m = /^((?:translations|transcripts)\.\d+)\.language$/.exec(input.name);
    if (!m) return;
    var tag = input.value.trim();
    [m[1] + '.html', m[1] + '.title'].forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field) return;
      var targets = [field];
      var editor = field.parentElement && field.parentElement.querySelector('.rich-editor');
      if (editor) targets.push(editor);
      targets.forEach(function (el) {
        if (tag) { el.lang = tag; el.dir = RTL.test(tag) ? 'rtl' : 'ltr'; } else { el.removeAttribute('lang'); el.removeAttribute('dir'); }
      });
    });
  }

  function refresh() {
    var mine = ++seq;
    if (controller) controller.abort();
    controller = typeof AbortController === 'function' ? new AbortController() : null;
    var data = new FormData(form);
    data.set('_action', 'preview');
    data.set('_fragment', '1');
    body.setAttribute('aria-busy', 'true');
    fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin', signal: controller ? controller.signal : undefined })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status === 401 || r.status === 403 ? 'your session has ended; sign in again in another tab' : 'the server answered ' + r.status);
        return r.text();
      })
      .then(function (html) {
        if (mine !== seq) return;
        // The server's own rendering of sanitized text, parsed inertly and moved into the page.
        var doc = new DOMParser().parseFromString(html, 'text/html');
        body.replaceChildren.apply(body, Array.prototype.slice.call(doc.body.childNodes));
        body.removeAttribute('aria-busy');
        if (failed) { failed = false; status.textContent = ''; }
      })
      .catch(function (e) {
        if (mine !== seq || (e && e.name === 'AbortError')) return;
        body.removeAttribute('aria-busy');
        failed = true;
        status.textContent = 'The preview could not be updated (' + e.message + '). What you typed is still in the form.';
      });
  }

  function changed(e) {
    var t = e.target;
    if (!t || !t.name || !TEXT_FIELD.test(t.name)) return;
    setLanguage(t);
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
})();
