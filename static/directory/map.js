/* The city map: markers from the page's embedded JSON (no extra request, works with tiles blocked),
   clustering, popups built with textContent (never HTML from data), "show my location", the view in the URL hash,
   "show on map" buttons in the list and the "copy embed code" button. No inline code (CSP). */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function euros(cents) {
    var lang = document.documentElement.lang || "de";
    return new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(
      (cents || 0) / 100
    );
  }

  function popupContent(item, labels) {
    var box = el("div", "map-popup");
    var title = el("p", "map-popup__title");
    var link = el("a", null, item.name);
    link.href = item.url;
    if (document.body.classList.contains("embed")) {
      link.target = "_blank";
      link.rel = "noopener";
    }
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(el("p", "map-popup__meta", [item.categories.join(", "), item.district].filter(Boolean).join(" · ")));
    var status = el(
      "span",
      "badge " + (item.open && !item.closed ? "badge--open" : "badge--closed"),
      item.open && !item.closed ? labels.open : labels.closed
    );
    var statusLine = el("p");
    statusLine.appendChild(status);
    box.appendChild(statusLine);
    if (item.approx) box.appendChild(el("p", "map-popup__approx", labels.approx));
    if (item.campaign) {
      var c = item.campaign;
      var camp = el("div", "map-popup__campaign");
      var clink = el("a", null, c.title);
      clink.href = c.url;
      camp.appendChild(clink);
      if (c.goal_cents) {
        var progress = el("progress", "progress");
        progress.max = c.goal_cents;
        progress.value = Math.min(c.raised_cents || 0, c.goal_cents);
        camp.appendChild(progress);
        camp.appendChild(el("span", "progress-label", euros(c.raised_cents) + " / " + euros(c.goal_cents) + " " + labels.raised));
      }
      box.appendChild(camp);
    }
    var more = el("a", "btn btn--small btn--primary", labels.details);
    more.href = item.url;
    if (link.target) {
      more.target = "_blank";
      more.rel = "noopener";
    }
    box.appendChild(more);
    return box;
  }

  function markerIcon(item) {
    var state = item.closed ? "closed" : item.open ? "open" : "shut";
    var cls = "map-marker map-marker--" + state + (item.campaign ? " map-marker--campaign" : "") + (item.approx ? " map-marker--approx" : "");
    return L.divIcon({ className: cls, iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -10], html: "" });
  }

  function parseHash() {
    var m = /map=(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)/.exec(window.location.hash);
    if (!m) return null;
    return { zoom: parseInt(m[1], 10), center: [parseFloat(m[2]), parseFloat(m[3])] };
  }

  function initMap() {
    var container = document.querySelector("[data-map]");
    var config = readJSON("map-config");
    var items = readJSON("map-data") || [];
    if (!container || !config || typeof L === "undefined") return;
    var labels = config.labels;
    var fromHash = parseHash();
    var map = L.map(container, { scrollWheelZoom: !document.body.classList.contains("embed") || false });
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50 });
    var markers = {};
    var bounds = [];
    items.forEach(function (item) {
      var marker = L.marker([item.lat, item.lng], { icon: markerIcon(item), title: item.name, alt: item.name, keyboard: true });
      marker.bindPopup(function () { return popupContent(item, labels); });
      markers[item.id] = marker;
      bounds.push([item.lat, item.lng]);
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    if (fromHash) {
      map.setView(fromHash.center, fromHash.zoom);
    } else if (bounds.length > 1 && items.length < 2000 && window.location.search) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
    } else {
      map.setView(config.center, config.zoom);
    }
    map.on("moveend", function () {
      var c = map.getCenter();
      var hash = "#map=" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
      }
    });

    // "Show on map" buttons in the list.
    document.querySelectorAll("[data-show-on-map]").forEach(function (button) {
      var marker = markers[button.getAttribute("data-show-on-map")];
      if (!marker) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        container.scrollIntoView({ behavior: "smooth", block: "center" });
        cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
      });
    });

    // "Show my location".
    var status = document.querySelector("[data-map-status]");
    var locate = document.querySelector("[data-locate]");
    if (locate && "geolocation" in navigator) {
      var here = null;
      locate.hidden = false;
      locate.addEventListener("click", function () {
        if (status) status.textContent = labels.locating;
        navigator.geolocation.getCurrentPosition(
          function (pos) {
            var latlng = [pos.coords.latitude, pos.coords.longitude];
            if (here) map.removeLayer(here);
            here = L.circleMarker(latlng, { radius: 9, className: "map-you" }).addTo(map).bindTooltip(labels.youAreHere);
            map.setView(latlng, Math.max(map.getZoom(), 15));
            if (status) status.textContent = labels.youAreHere;
          },
          function () { if (status) status.textContent = labels.locationError; },
          { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
        );
      });
    }
  }

  function initCopy() {
    document.querySelectorAll("[data-copy-embed]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-embed"));
      var status = document.querySelector("[data-copy-status]");
      var config = readJSON("map-config") || { labels: {} };
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = config.labels.copied || "OK"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, function () { source.select(); });
        } else {
          source.select();
          try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected for manual copy */ }
        }
      });
    });
  }

  function start() {
    initMap();
    initCopy();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
