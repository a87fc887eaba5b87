// Renders math (KaTeX auto-render) and charts (Plotly) once the page has loaded, with no network access.
// Charts are listed in <script type="application/json" class="dlc-chart-figure" data-target="ID">.
// With ?print in the URL (how the PDF printer opens a handout), 3-D (WebGL) charts are replaced by PNG images
// made with Plotly.toImage, because WebGL canvases print blank.
(function () {
  "use strict";
  const threeD = ["scatter3d", "surface", "mesh3d", "cone", "streamtube", "volume", "isosurface"];
  const isThreeD = fig => (fig.data || []).some(t => threeD.includes(t.type)) ||
    Object.keys(fig.layout || {}).some(k => k.startsWith("scene"));
  const printing = new URLSearchParams(window.location.search).has("print");

  function renderMath() {
    if (typeof renderMathInElement !== "function") return;
    renderMathInElement(document.body, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false }
      ],
      ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"],
      throwOnError: false
    });
  }

  async function renderCharts() {
    const figures = document.querySelectorAll("script.dlc-chart-figure");
    for (const element of figures) {
      const target = document.getElementById(element.dataset.target);
      if (!target || typeof Plotly === "undefined") continue;
      try {
        const fig = JSON.parse(element.textContent);
        const config = Object.assign({ displaylogo: false, responsive: !printing }, fig.config || {}, printing ? { displayModeBar: false } : {});
        await Plotly.newPlot(target, fig.data || [], fig.layout || {}, config);
        if (printing && isThreeD(fig)) {
          const width = target.clientWidth || 700, height = target.clientHeight || 450;
          const url = await Plotly.toImage(target, { format: "png", width: width, height: height });
          Plotly.purge(target);
          const image = document.createElement("img");
          image.src = url; image.width = width; image.height = height; image.alt = "3-D chart";
          target.replaceChildren(image);
        }
      } catch (error) {
        target.textContent = "Chart could not be drawn: " + error;
      }
    }
    document.body.dataset.chartsReady = "true";
  }

  window.addEventListener("DOMContentLoaded", function () {
    renderMath();
    renderCharts();
  });
})();
