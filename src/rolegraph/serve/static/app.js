// rolegraph's web app: suggestions for the search box, from /api/search.
// Text from the data is only ever set with textContent / value, never as markup.
(function () {
  "use strict";
  const input = document.getElementById("q");
  const list = document.getElementById("q-suggestions");
  if (!input || !list) return;
  let timer = null;
  let last = "";
  input.addEventListener("input", function () {
    const text = input.value.trim();
    if (timer) clearTimeout(timer);
    if (text.length < 2 || text === last) return;
    timer = setTimeout(function () {
      last = text;
      fetch("/api/search?" + new URLSearchParams({ q: text, limit: "8" }), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) {
          if (input.value.trim() !== text) return;
          while (list.firstChild) list.removeChild(list.firstChild);
          for (const hit of hits) {
            const option = document.createElement("option");
            option.value = hit.label;
            option.textContent = hit.type;
            list.appendChild(option);
          }
        })
        .catch(function () { /* suggestions are a help, never an error */ });
    }, 150);
  });
})();
