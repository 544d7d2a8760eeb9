/* Reading aids, run locally, requesting nothing:
   - search results without the zero-width spaces the Chinese index joins words with, so
     that a result's title copies as the reader sees it (generator/site/search.py);
   - a visible cue above a table that is wider than the screen: "左右滑动查看全部列". */
(function () {
  "use strict";
  var ZWSP = /\u200b/g;

  function clean(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.nodeValue.indexOf("\u200b") !== -1) text.nodeValue = text.nodeValue.replace(ZWSP, "");
    }
  }

  function watchSearch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) return;
    new MutationObserver(function (changes) {
      for (var i = 0; i < changes.length; i++) {
        var added = changes[i].addedNodes;
        for (var j = 0; j < added.length; j++) clean(added[j]);
      }
    }).observe(list, { childList: true, subtree: true });
  }

  function markWideTables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("jili-wide", wide);
      /* a region that scrolls can be scrolled from the keyboard too (WCAG 2.1.1) */
      if (wide) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "表格（可左右滚动）");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
      var cue = wrap.previousElementSibling;
      var has = cue && cue.classList.contains("jili-scroll-cue");
      if (wide && !has) {
        cue = document.createElement("p");
        cue.className = "jili-scroll-cue";
        cue.setAttribute("aria-hidden", "true");
        cue.textContent = "表格较宽，左右滑动查看全部列 →";
        wrap.parentNode.insertBefore(cue, wrap);
      } else if (!wide && has) {
        cue.parentNode.removeChild(cue);
      }
    }
  }

  function start() {
    watchSearch();
    markWideTables();
    /* material wraps tables in their scrolling container when its page component mounts */
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(function () { window.setTimeout(markWideTables, 0); });
    }
    window.addEventListener("load", markWideTables);
    window.addEventListener("resize", markWideTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
