// form4's charts: each element with data-chart and data-src fetches its JSON from the API and
// draws it with plotly.js (served by form4 itself). Values arrive as exact decimal strings; the
// charts plot them as numbers. Text from filings reaches the page only as plotly's text, which
// it escapes.
"use strict";
(function () {
  var BUY = "#1a7f37", SELL = "#c62828", LINE = "#0b57d0";
  var CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
  var LAYOUT = { margin: { l: 70, r: 20, t: 10, b: 40 }, paper_bgcolor: "#fff", plot_bgcolor: "#fff",
                 hovermode: "closest", legend: { orientation: "h", y: -0.15 } };

  function layout(extra) { return Object.assign({}, LAYOUT, extra); }
  // Plotly reads a few HTML tags in its text (<b>, <a href>, <br>): a filer's text is escaped
  // so that it shows as written, never as markup.
  function text(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function num(value) { return value === null || value === undefined ? null : Number(value); }
  function say(el, text) { el.textContent = text; el.classList.add("empty"); }

  function monthly(el, data) {
    var months = data.months;
    if (!months.length) { say(el, "No open-market purchases or sales stored."); return; }
    var x = months.map(function (m) { return m.MONTH; });
    var bought = { type: "bar", name: "Bought", x: x, marker: { color: BUY },
                   y: months.map(function (m) { return num(m.BOUGHT); }),
                   customdata: months.map(function (m) { return m.PURCHASES; }),
                   hovertemplate: "%{x|%b %Y}: bought $%{y:,.0f} (%{customdata} filings)<extra></extra>" };
    var sold = { type: "bar", name: "Sold", x: x, marker: { color: SELL },
                 y: months.map(function (m) { return -num(m.SOLD); }),
                 customdata: months.map(function (m) { return m.SALES; }),
                 hovertemplate: "%{x|%b %Y}: sold $%{text} (%{customdata} filings)<extra></extra>",
                 text: months.map(function (m) { return Number(m.SOLD).toLocaleString("en-US", { maximumFractionDigits: 0 }); }) };
    return window.Plotly.newPlot(el, [bought, sold], layout({ barmode: "relative",
      yaxis: { title: { text: "value ($)" }, tickformat: "~s", zeroline: true } }), CONFIG);
  }

  function prices(el, data) {
    if (!data.closes.length) { say(el, "No closes imported for " + (data.ticker || "this issuer") + "."); return; }
    var line = { type: "scatter", mode: "lines", name: "Close", line: { color: LINE, width: 1.5 },
                 x: data.closes.map(function (c) { return c.DATE; }),
                 y: data.closes.map(function (c) { return num(c.CLOSE); }) };
    function marks(code, name, color, symbol) {
      var rows = data.trades.filter(function (t) { return t.TRANS_CODE === code && t.PRICE !== null; });
      return { type: "scatter", mode: "markers", name: name, x: rows.map(function (t) { return t.TRADE_DATE; }),
               y: rows.map(function (t) { return num(t.PRICE); }), text: rows.map(function (t) { return text(t.OWNER_NAMES); }),
               marker: { color: color, symbol: symbol, size: 10 },
               hovertemplate: "%{x}: %{text} at $%{y}<extra>" + name + "</extra>" };
    }
    return window.Plotly.newPlot(el, [line, marks("P", "Purchase", BUY, "triangle-up"), marks("S", "Sale", SELL, "triangle-down")],
      layout({ yaxis: { title: { text: "price ($)" } } }), CONFIG);
  }

  function holdings(el, data) {
    var series = {}, order = [];
    data.holdings.forEach(function (h) {
      if (h.SHARES_OWNED === null) { return; }
      var key = [h.TICKER || h.ISSUERCIK, h.SECURITY_TITLE, h.DIRECT_INDIRECT_OWNERSHIP, h.NATURE_OF_OWNERSHIP || "",
                 h.FORM_TABLE === "II" ? (h.EXPIRATION_DATE || "") : ""].join(" · ");
      if (!series[key]) { series[key] = { x: [], y: [] }; order.push(key); }
      series[key].x.push(h.DATE || h.FILING_DATE);
      series[key].y.push(num(h.SHARES_OWNED));
    });
    if (!order.length) { say(el, "No positions reported."); return; }
    var traces = order.slice(0, 12).map(function (key) {
      return { type: "scatter", mode: "lines+markers", line: { shape: "hv" }, name: text(key.replace(/( · )+$/, "")),
               x: series[key].x, y: series[key].y };
    });
    return window.Plotly.newPlot(el, traces, layout({ xaxis: { type: "date", hoverformat: "%Y-%m-%d" },
      yaxis: { title: { text: "shares held" }, tickformat: "~s" } }), CONFIG);
  }

  var DRAW = { monthly: monthly, prices: prices, holdings: holdings };

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var draw = DRAW[el.getAttribute("data-chart")];
    if (!draw || !window.Plotly) { say(el, "Charts need plotly.js, which did not load."); return; }
    fetch(el.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { return draw(el, data); })
      .then(function () { el.setAttribute("data-drawn", "true"); })
      .catch(function (error) { say(el, "The chart could not load: " + error.message); });
  });
})();
