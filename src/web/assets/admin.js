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
