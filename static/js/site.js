/* Progressive enhancement for the site chrome. Everything works without this file. */
(function () {
    "use strict";

    // The phone menu is a <details>: close it with Escape or a click/tap outside, and return focus to its toggle.
    var menus = document.querySelectorAll("details[data-menu]");
    function closeMenu(menu, restoreFocus) {
        if (!menu.open) return;
        menu.open = false;
        if (restoreFocus) {
            var summary = menu.querySelector("summary");
            if (summary) summary.focus();
        }
    }
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        menus.forEach(function (menu) {
            if (menu.open && menu.contains(document.activeElement)) closeMenu(menu, true);
            else closeMenu(menu, false);
        });
    });
    document.addEventListener("click", function (event) {
        menus.forEach(function (menu) {
            if (!menu.contains(event.target)) closeMenu(menu, false);
        });
    });

    // Wide tables scroll sideways inside .table-wrap on small screens. Keyboard users must be able to scroll them
    // too (WCAG 2.1.1): a wrapper that overflows becomes focusable, and a named region when its table has a caption.
    function markScrollableTables() {
        document.querySelectorAll(".table-wrap").forEach(function (wrap) {
            var caption = wrap.querySelector("caption");
            if (wrap.scrollWidth > wrap.clientWidth + 1) {
                if (wrap.getAttribute("tabindex") === null) wrap.setAttribute("tabindex", "0");
                if (caption && !wrap.hasAttribute("role")) {
                    wrap.setAttribute("role", "region");
                    wrap.setAttribute("aria-label", caption.textContent.trim());
                }
                wrap.setAttribute("data-scroll-region", "");
            } else if (wrap.hasAttribute("data-scroll-region")) {
                wrap.removeAttribute("tabindex");
                wrap.removeAttribute("role");
                wrap.removeAttribute("aria-label");
                wrap.removeAttribute("data-scroll-region");
            }
        });
    }
    markScrollableTables();
    var resizeTimer;
    window.addEventListener("resize", function () {
        clearTimeout(resizeTimer);
        resizeTimer = setTimeout(markScrollableTables, 150);
    });
})();
