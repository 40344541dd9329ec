// The page's only script (served as a file: the Content-Security-Policy forbids inline script).
// It submits the form without a reload and filters findings by analyzer; without it the form
// still posts and the server answers with the HTML report. It never inserts markup from a
// response: problem details are shown with textContent.
"use strict";

function initAnalyzeForm(form) {
  const button = document.getElementById("analyze-button");
  const status = document.getElementById("status");
  const problemBox = document.getElementById("problem");
  const token = document.getElementById("token");
  token.value = sessionStorage.getItem("unspun-token") || "";

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problemBox.hidden = true;
    button.disabled = true;
    status.textContent = "Analysing… this takes a few seconds.";
    sessionStorage.setItem("unspun-token", token.value);
    const headers = { Accept: "application/json" };
    if (token.value) headers.Authorization = "Bearer " + token.value;
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), headers });
      const id = response.headers.get("X-Report-Id");
      if (response.status === 201 && id) {
        status.textContent = "Done.";
        window.location.assign("/reports/" + encodeURIComponent(id));
        return;
      }
      let detail = response.status + " " + response.statusText;
      try {
        const problem = await response.json();
        detail = (problem.title || detail) + (problem.detail ? ": " + problem.detail : "");
      } catch (_) { /* not a problem document */ }
      problemBox.textContent = detail;
      problemBox.hidden = false;
      status.textContent = "";
    } catch (error) {
      problemBox.textContent = "The server could not be reached: " + error.message;
      problemBox.hidden = false;
      status.textContent = "";
    } finally {
      button.disabled = false;
    }
  });
}

function initFilters(filters) {
  const apply = () => {
    const shown = new Set(
      Array.from(filters.querySelectorAll("input[name=analyzer]:checked"), (box) => box.value)
    );
    const known = new Set(Array.from(filters.querySelectorAll("input[name=analyzer]"), (box) => box.value));
    document.querySelectorAll("[data-analyzer]").forEach((element) => {
      const name = element.dataset.analyzer;
      if (known.has(name)) element.hidden = !shown.has(name);
    });
    document.querySelectorAll("mark.hl").forEach((mark) => {
      const names = (mark.dataset.analyzers || "").split(" ");
      mark.classList.toggle("muted", !names.some((name) => shown.has(name)));
    });
  };
  filters.addEventListener("change", apply);
  apply();
}

function initMarks() {
  // Clicking a highlighted span brings its finding into view.
  document.querySelectorAll("mark.hl").forEach((mark) => {
    mark.addEventListener("click", () => {
      const first = (mark.dataset.findings || "").split(" ")[0];
      const target = first && document.getElementById(first);
      if (!target) return;
      document.querySelectorAll(".finding.focus").forEach((f) => f.classList.remove("focus"));
      target.classList.add("focus");
      target.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("analyze-form");
  if (form) initAnalyzeForm(form);
  const filters = document.getElementById("filters");
  if (filters) initFilters(filters);
  initMarks();
});
