// Index page: the incident map (Leaflet + Natural Earth outlines, no tile server) and the timeline.
// Data arrives as JSON from our own API; every string from it is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var STATUSES = ["declared", "claimed", "suspected", "contested", "unknown"];
  var SVG = "http://www.w3.org/2000/svg";

  function cssVar(name, fallback) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (v && v.trim()) || fallback;
  }
  function statusColor(status) {
    return cssVar("--st-" + (STATUSES.indexOf(status) >= 0 ? status : "unknown"), "#7f8790");
  }
  function radius(p) {
    var k = p.killed_max !== null && p.killed_max !== undefined ? p.killed_max : p.killed_min;
    if (k === null || k === undefined || k <= 0) { return 5; }
    if (k < 5) { return 7; }
    if (k < 20) { return 10; }
    return 14;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function range(lo, hi) {
    if (lo === null && hi === null) { return "unknown"; }
    if (hi === null) { return "at least " + lo; }
    if (lo === null) { return "up to " + hi; }
    return lo === hi ? String(lo) : lo + "–" + hi;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }
  function highlightRow(id, on) {
    var rows = document.querySelectorAll(".incident-row");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-id") === id) { rows[i].classList.toggle("hl", on); }
    }
  }

  // --- map -------------------------------------------------------------------------------
  function tooltip(p) {
    var box = el("div", "sw-tip");
    box.appendChild(el("strong", null, (p.event_type || "").replace(/_/g, " ") + " · " + (p.place || "")));
    box.appendChild(el("div", null, (p.date || "date unknown") + " · " + p.status +
      (p.perpetrator ? " · by " + p.perpetrator : "")));
    box.appendChild(el("div", null, "killed: " + range(p.killed_min, p.killed_max) + " · " + p.articles + " article(s)"));
    return box;
  }

  function initMap() {
    var box = document.getElementById("map");
    if (!box || !box.getAttribute("data-points-url")) { return; }
    if (!window.L || !window.topojson) {
      box.className = "map-missing";
      box.appendChild(el("p", "note", "The map assets could not be loaded; the list and timeline still work."));
      return;
    }
    var L = window.L;
    var map = L.map(box, { minZoom: 2, maxZoom: 12, worldCopyJump: true, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth");
    map.setView([33.5, 40], 5);
    map.createPane("countries");
    map.getPane("countries").style.zIndex = 350;

    getJSON(box.getAttribute("data-countries-url")).then(function (topo) {
      var shapes = window.topojson.feature(topo, topo.objects.countries);
      L.geoJSON(shapes, {
        pane: "countries", interactive: false,
        style: { color: "#8a97a6", weight: 0.8, fillColor: "#fbfaf6", fillOpacity: 1 }
      }).addTo(map);
    }).catch(function (err) { console.warn("country outlines not loaded", err); });

    var use = document.getElementById("use-view");
    if (use) {
      use.hidden = false;
      use.addEventListener("click", function () {
        var b = map.getBounds();
        function c(v, lim) { return Math.max(-lim, Math.min(lim, v)).toFixed(3); }
        document.getElementById("bbox").value = [c(b.getWest(), 180), c(b.getSouth(), 90), c(b.getEast(), 180), c(b.getNorth(), 90)].join(",");
        document.getElementById("filters").submit();
      });
    }

    getJSON(box.getAttribute("data-points-url")).then(function (data) {
      var latlngs = [];
      // Biggest circles first so small ones stay clickable on top.
      data.points.sort(function (a, b) { return radius(b) - radius(a); });
      data.points.forEach(function (p) {
        var m = L.circleMarker([p.lat, p.lon], {
          radius: radius(p), color: "#222", weight: 1, opacity: 0.9,
          fillColor: statusColor(p.status), fillOpacity: 0.85, className: "sw-marker"
        }).addTo(map);
        m.bindTooltip(tooltip(p), { direction: "top", offset: [0, -4] });
        m.on("click", function () { window.location.href = "/incidents/" + encodeURIComponent(p.id); });
        m.on("mouseover", function () { highlightRow(p.id, true); });
        m.on("mouseout", function () { highlightRow(p.id, false); });
        var node = m.getElement();
        if (node) { node.setAttribute("data-id", p.id); node.setAttribute("data-status", p.status); }
        latlngs.push([p.lat, p.lon]);
      });
      if (latlngs.length) { map.fitBounds(L.latLngBounds(latlngs), { padding: [40, 40], maxZoom: 8 }); }
      box.setAttribute("data-markers", String(latlngs.length));
    }).catch(function (err) {
      box.setAttribute("data-markers", "error");
      console.warn("incident points not loaded", err);
    });
  }

  // --- timeline ----------------------------------------------------------------------------
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function drawTimeline(box, data) {
    box.textContent = "";
    var unit = document.getElementById("timeline-unit");
    if (unit) { unit.textContent = data.bins.length ? "(per " + data.bucket + ")" : ""; }
    if (!data.bins.length) {
      box.appendChild(el("p", "muted", "No dated incidents match these filters."));
      if (data.undated) { box.appendChild(el("p", "muted", data.undated + " incident(s) have no day-precise date.")); }
      return;
    }
    var W = Math.max(320, box.clientWidth || 600), H = 130, left = 28, right = 8, top = 8, bottom = 22;
    var plotW = W - left - right, plotH = H - top - bottom;
    var maxTotal = data.bins.reduce(function (m, b) { return Math.max(m, b.total); }, 1);
    var bw = plotW / data.bins.length, gap = bw > 4 ? 1 : 0;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Incidents over time" });
    root.appendChild(svg("line", { x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, "class": "axis-line" }));
    root.appendChild(svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", "class": "axis" }, String(maxTotal)));
    root.appendChild(svg("text", { x: left - 4, y: top + plotH, "text-anchor": "end", "class": "axis" }, "0"));
    var base = new URLSearchParams(box.getAttribute("data-qs") || "");
    base.delete("offset");
    data.bins.forEach(function (bin, i) {
      var x = left + i * bw, y = top + plotH;
      if (bin.total > 0) {
        var params = new URLSearchParams(base.toString());
        params.set("start", bin.start);
        params.set("end", bin.end);
        var a = svg("a", { href: "/?" + params.toString(), "class": "tl-bin", "data-start": bin.start });
        var parts = [];
        STATUSES.forEach(function (s) {
          var n = bin.counts[s] || 0;
          if (!n) { return; }
          var h = n / maxTotal * plotH;
          y -= h;
          a.appendChild(svg("rect", { x: x + gap / 2, y: y, width: Math.max(1, bw - gap), height: h, "class": "tl-" + s }));
          parts.push(n + " " + s);
        });
        var label = (bin.start === bin.end ? bin.start : bin.start + " – " + bin.end) + ": " + bin.total +
          " incident" + (bin.total === 1 ? "" : "s") + " (" + parts.join(", ") + ")";
        a.appendChild(svg("title", {}, label));
        root.appendChild(a);
      }
    });
    var ticks = Math.min(6, data.bins.length);
    for (var t = 0; t < ticks; t++) {
      var idx = ticks === 1 ? 0 : Math.round(t * (data.bins.length - 1) / (ticks - 1));
      var tx = left + (idx + 0.5) * bw;
      var anchor = t === 0 ? "start" : t === ticks - 1 ? "end" : "middle";
      if (t === 0) { tx = left; } else if (t === ticks - 1) { tx = W - right; }
      var lbl = data.bucket === "month" ? data.bins[idx].start.slice(0, 7) : data.bins[idx].start;
      root.appendChild(svg("text", { x: tx, y: H - 6, "text-anchor": anchor, "class": "axis" }, lbl));
    }
    box.appendChild(root);
    if (data.undated) {
      box.appendChild(el("p", "muted", data.undated + " incident(s) without a day-precise date are not shown."));
    }
  }

  function initTimeline() {
    var box = document.getElementById("timeline");
    if (!box) { return; }
    getJSON(box.getAttribute("data-url")).then(function (data) { drawTimeline(box, data); }).catch(function (err) {
      box.textContent = "";
      box.appendChild(el("p", "muted", "Timeline unavailable."));
      console.warn(err);
    });
  }

  initMap();
  initTimeline();
})();
