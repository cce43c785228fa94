/* The city map: markers from the directory's compact marker list (/api/v1/markers.json) with the page's filters
   (cached and compressed by the API, so the page itself does not grow with the city; the list under the map is the
   alternative without JavaScript), clustering, popups built with textContent (never HTML from data), "show my
   location", the view in the URL hash, "show on map" buttons in the list and the "copy embed code" button. No
   inline code (CSP). */
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

  function euros(cents, exact) {
    var lang = document.documentElement.lang || "de";
    var digits = exact && (cents || 0) % 100 !== 0 ? 2 : 0;
    return new Intl.NumberFormat(lang, {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits
    }).format((cents || 0) / 100);
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj || {}, String(key));
  }

  // A heart inside the highlighted markers: the layer is shown by shape and size, not by colour alone.
  var HEART =
    '<svg class="map-marker__heart" viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 ' +
    '4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z"/></svg>';

  function layerLine(layer, id, labels, newTab) {
    var line = el("p", "map-popup__layer");
    line.appendChild(el("span", "map-layer-mark", "\u2665")).setAttribute("aria-hidden", "true");
    line.appendChild(document.createTextNode(" " + labels.partOf + " "));
    var link = el("a", null, layer.title);
    link.dir = "auto"; // names are content: isolated from the page's direction, like the templates' |bdi
    link.href = layer.url;
    if (newTab) {
      link.target = "_blank";
      link.rel = "noopener";
    }
    line.appendChild(link);
    var share = layer.shares[String(id)];
    if (share !== null && share !== undefined && layer.shareLabel) {
      line.appendChild(document.createTextNode(" \u2013 " + layer.shareLabel + ": " + euros(share, true)));
    } else if (layer.note) {
      line.appendChild(document.createTextNode(" \u2013 " + layer.note));
    }
    return line;
  }

  function popupContent(item, labels, memberships) {
    var box = el("div", "map-popup");
    var title = el("p", "map-popup__title");
    var link = el("a", null, item.name);
    link.dir = "auto";
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
      // The same facts as the campaign_status component: the state's badge, the progress and, only while the
      // campaign takes support, the days left (the server says which states invite support).
      var camp = el("div", "map-popup__campaign");
      var head = el("p");
      head.appendChild(el("span", "badge " + (c.badge_class || "badge--info"), c.state_label || ""));
      head.appendChild(document.createTextNode(" "));
      var clink = el("a", null, c.title);
      clink.dir = "auto";
      clink.href = c.url;
      if (link.target) {
        clink.target = "_blank";
        clink.rel = "noopener";
      }
      head.appendChild(clink);
      camp.appendChild(head);
      if (c.goal_cents) {
        var progress = el("progress", "progress");
        progress.max = c.goal_cents;
        progress.value = Math.min(c.raised_cents || 0, c.goal_cents);
        progress.setAttribute("aria-label", c.title);
        camp.appendChild(progress);
        var text = euros(c.raised_cents) + " / " + euros(c.goal_cents) + " " + labels.raised;
        if (c.invites_support && c.days_left) text += " \u00b7 " + labels.daysLeft.replace("%(count)s", c.days_left);
        camp.appendChild(el("span", "progress-label", text));
      }
      box.appendChild(camp);
    }
    (memberships || []).forEach(function (layer) {
      box.appendChild(layerLine(layer, item.id, labels, !!link.target));
    });
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

  function layerIcon(item) {
    var state = item.closed ? "closed" : item.open ? "open" : "shut";
    return L.divIcon({
      className: "map-marker map-marker--layer map-marker--" + state,
      iconSize: [32, 32],
      iconAnchor: [16, 16],
      popupAnchor: [0, -15],
      html: HEART
    });
  }

  function parseHash() {
    var m = /map=(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)/.exec(window.location.hash);
    if (!m) return null;
    return { zoom: parseInt(m[1], 10), center: [parseFloat(m[2]), parseFloat(m[3])] };
  }

  // The compact markers (/api/v1/markers.json, see directory/markers.py) as the map's items. Their page links are
  // absolute in the default language (or continue `base`); on the map page they become relative in the page's
  // language (config.linkPrefix), like every other link there.
  var OPEN = 1, CLOSED = 2, APPROXIMATE = 4;

  function toItem(marker, data, linkPrefix) {
    var categories = (marker[5] || []).map(function (index) { return (data.categories[index] || [])[0]; });
    var first = data.categories[(marker[5] || [])[0]];
    var url = marker[4] || "";
    if (url && !/^https?:\/\//.test(url) && url.charAt(0) !== "/") url = (data.base || "/") + url;
    var flags = marker[7] || 0;
    return {
      id: marker[0],
      name: marker[3],
      url: localUrl(url, linkPrefix),
      lat: marker[1],
      lng: marker[2],
      categories: categories.filter(Boolean),
      district: marker[6] === null || marker[6] === undefined ? null : data.districts[marker[6]],
      colour: first ? first[1] : null,
      open: !!(flags & OPEN),
      closed: !!(flags & CLOSED),
      approx: !!(flags & APPROXIMATE),
      campaign: marker[8] === null || marker[8] === undefined ? null : data.campaigns[marker[8]] || null
      // the campaign's URL is already relative, in the markers' language
    };
  }

  function localUrl(url, linkPrefix) {
    if (!url || linkPrefix === null || linkPrefix === undefined || typeof URL === "undefined") return url;
    if (!/^https?:\/\//.test(url)) return url;
    try {
      var parsed = new URL(url, window.location.href);
      if (parsed.origin !== window.location.origin) return url;
      return linkPrefix + parsed.pathname.replace(/^\//, "") + parsed.search + parsed.hash;
    } catch (e) {
      return url;
    }
  }

  function loadItems(config, done, failed) {
    if (!window.fetch) return failed();
    window.fetch(config.markersUrl, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var items = (data.markers || [])
          .filter(function (m) { return typeof m[1] === "number" && typeof m[2] === "number"; })
          .map(function (m) { return toItem(m, data, config.linkPrefix); });
        done(items);
      })
      .catch(failed);
  }

  function initMap() {
    var container = document.querySelector("[data-map]");
    var config = readJSON("map-config");
    if (!container || !config || typeof L === "undefined") return;
    var labels = config.labels;
    var layerData = readJSON("map-layers") || {};
    var layers = layerData.layers || [];
    var layerById = {};
    layers.forEach(function (layer) { layerById[layer.id] = layer; });
    function layersOf(id) {
      return layers.filter(function (layer) { return has(layer.shares, id); });
    }
    var fromHash = parseHash();
    var status = document.querySelector("[data-map-status]");
    var map = L.map(container, { scrollWheelZoom: !document.body.classList.contains("embed") || false });
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    if (document.documentElement.dir === "rtl") {
      // Right-to-left pages mirror the map's controls: zoom at the start (right), attribution at the end (left).
      map.zoomControl.setPosition("topright");
      map.attributionControl.setPosition("bottomleft");
    }
    // Clusters say what they hold ("12 Unternehmen") to screen readers; Leaflet makes them focusable buttons
    // (Enter zooms in), like the single markers.
    var cluster = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: function (group) {
        var count = group.getChildCount();
        var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
        var html = document.createElement("div");
        html.appendChild(el("span", null, String(count))).setAttribute("aria-hidden", "true");
        html.appendChild(el("span", "visually-hidden", labels.cluster.replace("%(count)s", count)));
        return L.divIcon({ html: html.outerHTML, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
      }
    });
    var markers = {};
    var items = [];
    if (fromHash) {
      map.setView(fromHash.center, fromHash.zoom);
    } else {
      map.setView(config.center, config.zoom);
    }
    map.addLayer(cluster);
    map.on("moveend", function () {
      var c = map.getCenter();
      var hash = "#map=" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
      }
    });

    // Layers (collective campaigns): the chosen layer's businesses leave the clusters and are drawn above them
    // with a ring and a heart; the others are dimmed. The radio buttons, the list, the filters form and the URL
    // (?aktion=) follow the choice.
    var highlight = L.featureGroup().addTo(map);
    var highlighted = {};
    var param = layerData.param || "aktion";

    function syncPage(current) {
      var key = current === null ? "" : String(current);
      document.querySelectorAll("[data-layer-info]").forEach(function (node) {
        node.hidden = node.getAttribute("data-layer-info") !== key;
      });
      document.querySelectorAll("[data-layer-list]").forEach(function (node) {
        node.hidden = node.getAttribute("data-layer-list") !== key;
      });
      document.querySelectorAll("[data-layer-member]").forEach(function (node) {
        node.classList.toggle("map-list__layer--selected", node.getAttribute("data-layer-member") === key);
      });
      document.querySelectorAll("[data-map-layers] input[type=radio][name='" + param + "']").forEach(function (radio) {
        radio.checked = radio.value === key;
      });
      var filterForm = document.querySelector("form.filters");
      if (filterForm) {
        var field = filterForm.querySelector("[data-layer-field]");
        if (!key && field) field.parentNode.removeChild(field);
        if (key) {
          if (!field) {
            field = document.createElement("input");
            field.type = "hidden";
            field.name = param;
            field.setAttribute("data-layer-field", "");
            filterForm.appendChild(field);
          }
          field.value = key;
        }
      }
      var embedCode = document.getElementById("embed-code");
      if (embedCode && typeof URL !== "undefined") {
        embedCode.value = embedCode.value.replace(/src="([^"]*)"/, function (all, src) {
          try {
            var url = new URL(src);
            if (key) url.searchParams.set(param, key);
            else url.searchParams.delete(param);
            return 'src="' + url.toString() + '"';
          } catch (e) {
            return all;
          }
        });
      }
    }

    function syncUrl(current) {
      if (document.body.classList.contains("embed") || !window.history || !window.history.replaceState) return;
      if (typeof URLSearchParams === "undefined") return;
      var params = new URLSearchParams(window.location.search);
      if (current === null) params.delete(param);
      else params.set(param, String(current));
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function applyLayer(id, fit, announce) {
      var layer = id !== null && layerById[id] ? layerById[id] : null;
      var restore = Object.keys(highlighted).map(function (key) { return markers[key]; });
      highlight.clearLayers();
      highlighted = {};
      if (restore.length) cluster.addLayers(restore);
      container.classList.toggle("directory-map--layer", !!layer);
      if (layer) {
        var moving = [];
        items.forEach(function (item) {
          if (!has(layer.shares, item.id)) return;
          moving.push(markers[item.id]);
          var marker = L.marker([item.lat, item.lng], {
            icon: layerIcon(item),
            title: item.name + " \u2013 " + labels.partOf + " " + layer.title,
            keyboard: true,
            zIndexOffset: 1000
          });
          marker.bindPopup(function () { return popupContent(item, labels, layersOf(item.id)); });
          highlighted[item.id] = marker;
          highlight.addLayer(marker);
        });
        if (moving.length) cluster.removeLayers(moving);
        if (fit && moving.length) map.fitBounds(highlight.getBounds(), { padding: [40, 40], maxZoom: 15 });
        if (announce && status) {
          status.textContent = labels.layerStatus.replace("%(title)s", layer.title).replace("%(count)s", moving.length);
        }
      } else if (announce && status) {
        status.textContent = labels.layerNone;
      }
      syncPage(layer ? layer.id : null);
      return layer;
    }

    function addMarkers(loaded) {
      items = loaded;
      var bounds = [];
      var list = [];
      items.forEach(function (item) {
        var marker = L.marker([item.lat, item.lng], { icon: markerIcon(item), title: item.name, alt: item.name, keyboard: true });
        marker.bindPopup(function () { return popupContent(item, labels, layersOf(item.id)); });
        markers[item.id] = marker;
        bounds.push([item.lat, item.lng]);
        list.push(marker);
      });
      cluster.addLayers(list);
      if (!fromHash && bounds.length > 1 && items.length < 2000 && window.location.search) {
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
      }
      var layerForm = document.querySelector("[data-map-layers] form");
      if (layerForm) {
        var submit = layerForm.querySelector("[data-layer-submit]");
        if (submit) submit.hidden = true; // the choice applies at once
        layerForm.addEventListener("change", function (event) {
          if (event.target.name !== param) return;
          var value = event.target.value;
          var layer = applyLayer(value ? parseInt(value, 10) : null, true, true);
          syncUrl(layer ? layer.id : null);
        });
      }
      if (layerData.selected !== null && layerData.selected !== undefined && layerById[layerData.selected]) {
        applyLayer(layerData.selected, !fromHash, false);
      }

      // "Show on map" buttons in the lists.
      document.querySelectorAll("[data-show-on-map]").forEach(function (button) {
        var id = button.getAttribute("data-show-on-map");
        if (!markers[id]) return;
        button.hidden = false;
        button.addEventListener("click", function () {
          container.scrollIntoView({ behavior: "smooth", block: "center" });
          var special = highlighted[id];
          if (special) {
            map.setView(special.getLatLng(), Math.max(map.getZoom(), 16));
            special.openPopup();
          } else {
            cluster.zoomToShowLayer(markers[id], function () { markers[id].openPopup(); });
          }
        });
      });

    }

    if (status) status.textContent = labels.loading;
    loadItems(config, function (loaded) {
      if (status && status.textContent === labels.loading) status.textContent = "";
      addMarkers(loaded);
    }, function () {
      if (status) status.textContent = labels.loadError;
    });
    // "Show my location".
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
