/* Location picker for the owner's business form: a Leaflet map that fills the lat/lng inputs.
   Without JavaScript the inputs stay visible and usable; the server falls back to the district centre. */
(function () {
  "use strict";

  function init(root) {
    var configEl = document.getElementById("owners-map-config");
    if (!configEl || typeof L === "undefined") return;
    var config = JSON.parse(configEl.textContent);
    var latInput = document.getElementById(root.dataset.latInput);
    var lngInput = document.getElementById(root.dataset.lngInput);
    var mapEl = root.querySelector(".location-picker__map");
    if (!latInput || !lngInput || !mapEl) return;

    L.Icon.Default.imagePath = config.iconPath;
    var hasPoint = latInput.value !== "" && lngInput.value !== "";
    var start = hasPoint ? [parseFloat(latInput.value), parseFloat(lngInput.value)] : [config.lat, config.lng];
    var map = L.map(mapEl).setView(start, hasPoint ? 17 : config.zoom);
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    if (document.documentElement.dir === "rtl") {
      // Right-to-left pages mirror the map's controls: zoom at the start (right), attribution at the end (left).
      map.zoomControl.setPosition("topright");
      map.attributionControl.setPosition("bottomleft");
    }
    var marker = L.marker(start, { draggable: true, keyboard: true, title: root.dataset.searchLabel });
    if (hasPoint) marker.addTo(map);

    function setPoint(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lngInput.value = latlng.lng.toFixed(6);
      marker.setLatLng(latlng);
      if (!map.hasLayer(marker)) marker.addTo(map);
    }
    map.on("click", function (event) { setPoint(event.latlng); });
    marker.on("dragend", function () { setPoint(marker.getLatLng()); });
    function fromInputs() {
      var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
      if (isFinite(lat) && isFinite(lng)) { setPoint({ lat: lat, lng: lng }); map.setView([lat, lng]); }
    }
    latInput.addEventListener("change", fromInputs);
    lngInput.addEventListener("change", fromInputs);

    if (config.geocoderUrl) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn--secondary btn--small";
      button.textContent = root.dataset.searchLabel;
      var status = document.createElement("p");
      status.className = "field__help";
      status.setAttribute("role", "status");
      root.insertBefore(button, mapEl);
      root.insertBefore(status, mapEl);
      button.addEventListener("click", function () {
        var parts = [root.dataset.streetInput, root.dataset.postcodeInput, root.dataset.cityInput]
          .map(function (id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; })
          .filter(Boolean);
        if (!parts.length) return;
        button.disabled = true;
        status.textContent = "…";
        var url = config.geocoderUrl + "?format=json&limit=1&q=" + encodeURIComponent(parts.join(", "));
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (results) {
            if (results && results.length) {
              var point = { lat: parseFloat(results[0].lat), lng: parseFloat(results[0].lon) };
              setPoint(point);
              map.setView([point.lat, point.lng], 17);
              status.textContent = "";
            } else {
              status.textContent = root.dataset.notFound;
            }
          })
          .catch(function () { status.textContent = root.dataset.notFound; })
          .finally(function () { setTimeout(function () { button.disabled = false; }, 1100); });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-location-picker]").forEach(init);
  });
})();
