/// The app's one page: vanilla HTML, CSS and JavaScript, served by the binary itself, with
/// nothing fetched from the network. The reports it shows are the HTML reports of
/// `funnelsim run --format html` and `funnelsim compare --format html`, in frames.
enum AppPage {
  static let html = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>FunnelSim what-if</title>
    <style>
    \(css)
    </style>
    </head>
    <body>
    <header class="top"><strong>FunnelSim</strong> what-if
      <label>Scenario <select id="scenario"></select></label>
      <span id="scenario-file" class="muted"></span>
    </header>
    <div class="layout">
    <aside>
      <form id="form" autocomplete="off" onsubmit="return false">
        <div class="actions-bar">
          <div class="actions">
            <button id="run" type="button">Run this variant</button>
            <button id="reset" type="button" class="secondary">Reset to the scenario</button>
          </div>
          <div id="progress-box" hidden><progress id="progress" max="1" value="0"></progress>
            <span id="progress-text"></span></div>
          <div id="general-errors" class="error general"></div>
        </div>
        <div id="fields"></div>
        <fieldset><legend>Planned hires by month (new managers)</legend>
          <div id="hires" class="hires"></div>
          <div class="error" data-for="careers.planned_hires"></div>
        </fieldset>
        <fieldset><legend>Run</legend>
          <div class="field"><label for="replications">Replications</label>
            <input id="replications" data-key="replications" type="text" inputmode="numeric">
            <span class="unit">runs of the year</span>
            <div class="error" data-for="replications"></div></div>
        </fieldset>
      </form>
    </aside>
    <main>
      <section id="variants-box">
        <h2>Variants</h2>
        <p class="muted" id="variants-empty">Each run adds a variant. Tick two to compare them on common random numbers.</p>
        <table id="variants"><thead><tr><th></th><th>Variant</th><th>Changes</th>
          <th class="num">Bookings (mean)</th><th class="num">Chance of plan</th><th></th></tr></thead>
          <tbody></tbody></table>
        <button id="compare" type="button" disabled>Compare the two ticked</button>
      </section>
      <section id="comparison-box" hidden>
        <h2>Comparison</h2>
        <div id="verdicts" class="verdicts"></div>
        <iframe id="comparison" title="Comparison report"></iframe>
      </section>
      <section id="explain-box" hidden>
        <h2 id="explain-title">Why the gap to the plan</h2>
        <iframe id="explanation" title="Explanation of the gap"></iframe>
      </section>
      <section id="report-box" hidden>
        <h2 id="report-title">Report</h2>
        <iframe id="report" title="Run report"></iframe>
      </section>
    </main>
    </div>
    <script>
    \(script)
    </script>
    </body>
    </html>
    """

  static let css = """
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433; background: #f4f6f9; }
    .top { background: #1f3a5f; color: #fff; padding: 10px 18px; display: flex; gap: 18px; align-items: center; }
    .top select { font: inherit; margin-left: 6px; }
    .top .muted { color: #c8d3e3; }
    .layout { display: grid; grid-template-columns: minmax(340px, 430px) 1fr; gap: 16px; padding: 16px; }
    aside { background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 0 14px 12px; align-self: start;
      position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow-y: auto; box-sizing: border-box; }
    .actions-bar { position: sticky; top: 0; background: #fff; z-index: 1; padding: 12px 0 8px; border-bottom: 1px solid #e3e8ee; }
    main section { background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 12px 14px; margin-bottom: 16px; }
    h2 { font-size: 16px; margin: 0 0 8px; }
    fieldset { border: 0; border-top: 1px solid #e3e8ee; margin: 0 0 6px; padding: 8px 0 0; }
    legend { font-weight: 600; padding-right: 6px; }
    .field { display: grid; grid-template-columns: 1fr 96px; column-gap: 8px; align-items: center; margin: 3px 0; }
    .field label { grid-column: 1; grid-row: 1 / span 2; }
    .field input { grid-column: 2; width: 88px; font: inherit; padding: 2px 4px; text-align: right; }
    .field .unit { grid-column: 2; font-size: 11px; color: #5b6678; line-height: 1.2; }
    .field .error { grid-column: 1 / span 2; }
    .field.changed input { background: #fff7d6; border-color: #d9a400; }
    .field.invalid input, .hires input.invalid { border: 2px solid #c0392b; background: #fdecea; }
    .error { color: #b3261e; font-size: 12px; }
    .error:empty { display: none; }
    .hires { overflow-x: auto; }
    .hires table { border-collapse: collapse; font-size: 12px; }
    .hires th { font-weight: 500; padding: 0 1px; }
    .hires td { padding: 0; }
    .hires input { width: 20px; font: inherit; text-align: right; padding: 1px; }
    .hires input.changed { background: #fff7d6; }
    .actions { display: flex; gap: 8px; }
    #progress-box { margin-top: 8px; font-size: 12px; }
    .error.general { white-space: pre-line; margin-top: 6px; }
    button { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #1f3a5f; background: #1f3a5f; color: #fff; cursor: pointer; }
    button.secondary, button.small { background: #fff; color: #1f3a5f; }
    button.small { padding: 1px 6px; font-size: 12px; }
    button:disabled { opacity: .45; cursor: default; }
    progress { width: 70%; }
    .muted { color: #5b6678; }
    table#variants { border-collapse: collapse; width: 100%; margin-bottom: 8px; }
    #variants th, #variants td { border-bottom: 1px solid #e3e8ee; padding: 4px 6px; text-align: left; vertical-align: top; }
    #variants .num { text-align: right; font-variant-numeric: tabular-nums; }
    #variants tr.shown { background: #eef4fb; }
    #variants .changes { font-size: 12px; color: #5b6678; max-width: 340px; }
    .verdicts p { margin: 4px 0 8px; font-weight: 500; }
    iframe { width: 100%; height: 900px; border: 1px solid #e3e8ee; border-radius: 6px; background: #fff; }
    @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
    """

  static let script = #"""
    "use strict";
    const token = new URLSearchParams(location.search).get("token");
    const page = Array.from(crypto.getRandomValues(new Uint8Array(8)), b => b.toString(16).padStart(2, "0")).join("");
    const state = { inputs: null, variants: [], shown: null, controller: null, next: 1 };
    const $ = id => document.getElementById(id);

    function api(path, body, signal) {
      const headers = {};
      if (token) headers["Authorization"] = "Bearer " + token;
      const options = { headers, signal };
      if (body !== undefined) {
        options.method = "POST";
        headers["Content-Type"] = "application/json";
        options.body = JSON.stringify(body);
      }
      return fetch(path, options);
    }

    function el(tag, attributes, text) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attributes || {})) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      return e;
    }

    async function loadScenarios() {
      const r = await api("/api/scenarios");
      const data = await r.json();
      state.maximumReplications = data.maximumReplications;
      state.explain = data.explain;
      const select = $("scenario");
      for (const s of data.scenarios) select.append(el("option", { value: s.id }, s.name));
      select.onchange = () => loadInputs(select.value);
      await loadInputs(select.value);
    }

    async function loadInputs(id) {
      const r = await api("/api/inputs?scenario=" + encodeURIComponent(id));
      const inputs = await r.json();
      state.inputs = inputs;
      $("scenario-file").textContent = inputs.file + " · " + inputs.horizonMonths + " months · seed " + inputs.seed;
      const box = $("fields");
      box.replaceChildren();
      let n = 0;
      for (const group of inputs.groups) {
        const set = el("fieldset");
        set.append(el("legend", {}, group.title));
        for (const f of group.fields) {
          const id = "f" + (n++);
          const row = el("div", { class: "field" });
          row.append(el("label", { for: id }, f.label));
          const input = el("input", { id, type: "text", inputmode: "decimal", "data-key": f.key, "data-original": f.value });
          input.value = f.value;
          input.oninput = () => row.classList.toggle("changed", input.value.trim() !== f.value);
          row.append(input, el("span", { class: "unit" }, f.unit), el("div", { class: "error", "data-for": f.key }));
          set.append(row);
        }
        box.append(set);
      }
      const hires = inputs.hires, table = el("table"), head = el("tr");
      head.append(el("th", {}, "month"));
      for (let m = 1; m <= hires.months; m++) head.append(el("th", {}, String(m)));
      table.append(head);
      hires.levels.forEach((level, i) => {
        const row = el("tr");
        row.append(el("th", { scope: "row" }, level));
        for (let m = 1; m <= hires.months; m++) {
          const v = String(hires.counts[i][m - 1]);
          const input = el("input", { type: "text", inputmode: "numeric", "data-level": level, "data-month": String(m), "data-original": v, "aria-label": level + " hires in month " + m });
          input.value = v;
          input.oninput = () => input.classList.toggle("changed", input.value.trim() !== v);
          const cell = el("td");
          cell.append(input);
          row.append(cell);
        }
        table.append(row);
      });
      $("hires").replaceChildren(table);
      $("replications").value = String(inputs.replications);
      $("replications").setAttribute("data-original", String(inputs.replications));
      clearErrors();
    }

    /** The overrides of the fields changed, as `funnelsim --set` takes them. */
    function overrides() {
      const list = [];
      for (const input of document.querySelectorAll("#fields input")) {
        const v = input.value.trim();
        if (v !== input.dataset.original) list.push(input.dataset.key + "=" + v);
      }
      const cells = Array.from(document.querySelectorAll("#hires input"));
      if (cells.some(c => c.value.trim() !== c.dataset.original)) {
        const hires = cells.filter(c => c.value.trim() !== "0" && c.value.trim() !== "")
          .map(c => "{level: " + c.dataset.level + ", month: " + c.dataset.month + ", count: " + c.value.trim() + "}");
        list.push(state.inputs.hires.key + "=[" + hires.concat(state.inputs.hires.kept).join(", ") + "]");
      }
      return list;
    }

    function clearErrors() {
      for (const e of document.querySelectorAll(".error")) e.textContent = "";
      for (const e of document.querySelectorAll(".invalid")) e.classList.remove("invalid");
    }

    /** Puts each error next to the field whose key path it names (or the longest key that holds it). */
    function showErrors(errors) {
      clearErrors();
      const keys = Array.from(document.querySelectorAll(".error[data-for]"), e => e.dataset.for);
      const general = [];
      for (const e of errors) {
        let key = keys.includes(e.field) ? e.field : null;
        if (!key) for (const k of keys) if (e.field.startsWith(k + ".") && (!key || k.length > key.length)) key = k;
        if (!key) { general.push(e.text); continue; }
        const box = document.querySelector('.error[data-for="' + key + '"]');
        box.textContent = (box.textContent ? box.textContent + " " : "") + e.message;
        box.title = e.text;
        const input = document.querySelector('input[data-key="' + key + '"]');
        if (input) input.closest(".field").classList.add("invalid");
        if (key === state.inputs.hires.key) {
          const m = /^careers\.planned_hires\.(\d+)/.exec(e.field);
          const changed = Array.from(document.querySelectorAll("#hires input")).filter(c => c.value.trim() !== "0" && c.value.trim() !== "");
          if (m && changed[+m[1]]) changed[+m[1]].classList.add("invalid");
        }
      }
      $("general-errors").textContent = general.join("\n");
    }

    async function watch(controller) {
      const box = $("progress-box"), bar = $("progress"), text = $("progress-text");
      box.hidden = false;
      bar.removeAttribute("value");
      text.textContent = "starting…";
      while (state.controller === controller) {
        await new Promise(done => setTimeout(done, 250));
        if (state.controller !== controller) break;
        try {
          const p = await (await api("/api/progress?page=" + page)).json();
          if (p.running && state.controller === controller) {
            bar.max = p.total;
            bar.value = p.done;
            text.textContent = p.done + " of " + p.total + " runs";
          }
        } catch (e) { /* the next poll tries again */ }
      }
    }

    /** Starts a request that stops this page's previous run, with the progress bar. */
    async function exclusive(path, body) {
      if (state.controller) state.controller.abort();
      const controller = new AbortController();
      state.controller = controller;
      watch(controller);
      try {
        const r = await api(path, body, controller.signal);
        return { status: r.status, data: await r.json(), current: state.controller === controller };
      } catch (e) {
        return { status: 0, data: { error: String(e) }, current: state.controller === controller };
      } finally {
        if (state.controller === controller) { state.controller = null; $("progress-box").hidden = true; }
      }
    }

    async function run() {
      clearErrors();
      const variant = { scenario: state.inputs.scenario, overrides: overrides(), name: state.inputs.name + " v" + state.next };
      const replications = $("replications").value.trim();
      if (!/^\d+$/.test(replications)) {
        showErrors([{ field: "replications", message: "got '" + replications + "'; expected a whole number >= 2", text: "replications: got '" + replications + "'; expected a whole number >= 2" }]);
        return;
      }
      const r = await exclusive("/api/run", { page, variant, replications: +replications });
      if (!r.current) return;
      if (r.status === 422) { showErrors(r.data.errors); return; }
      if (r.status !== 200) { $("general-errors").textContent = r.data.error || ("error " + r.status); return; }
      state.next++;
      const entry = { variant, result: r.data, id: state.variants.length };
      state.variants.push(entry);
      renderVariants();
      show(entry);
    }

    function fmt(v, share) {
      if (v === null || v === undefined) return "–";
      if (share) return (100 * v).toFixed(0) + "%";
      return Math.round(v).toLocaleString("en-US").replace(/,/g, " ");
    }

    function renderVariants() {
      const body = $("variants").tBodies[0];
      body.replaceChildren();
      $("variants-empty").hidden = state.variants.length > 0;
      for (const v of state.variants) {
        const row = el("tr", { "data-variant": String(v.id) });
        if (state.shown === v) row.classList.add("shown");
        const tick = el("input", { type: "checkbox", "aria-label": "pick " + v.variant.name });
        tick.onchange = () => { $("compare").disabled = document.querySelectorAll("#variants input:checked").length !== 2; };
        const td = el("td"); td.append(tick); row.append(td);
        const name = el("td"); const link = el("button", { class: "small", type: "button" }, v.variant.name);
        link.onclick = () => show(v); name.append(link); row.append(name);
        row.append(el("td", { class: "changes" }, v.variant.overrides.length ? v.variant.overrides.join("; ") : "as in the scenario"));
        row.append(el("td", { class: "num" }, fmt(v.result.bookings)));
        row.append(el("td", { class: "num" }, fmt(v.result.planReached, true)));
        const actions = el("td"); const yaml = el("button", { class: "small", type: "button" }, "YAML");
        yaml.onclick = () => download(v); actions.append(yaml);
        if (state.explain) {
          const why = el("button", { class: "small", type: "button", title: "funnelsim explain: the gap to the plan split into causes" }, "Explain");
          why.onclick = () => explain(v); actions.append(" ", why);
        }
        row.append(actions);
        body.append(row);
      }
      $("compare").disabled = document.querySelectorAll("#variants input:checked").length !== 2;
    }

    function fit(frame) {
      frame.onload = () => { try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 20) + "px"; } catch (e) {} };
    }

    function show(v) {
      state.shown = v;
      $("report-box").hidden = false;
      $("report-title").textContent = v.variant.name + " · " + v.result.replications + " runs, seed " + v.result.seed;
      const frame = $("report");
      fit(frame);
      frame.srcdoc = v.result.html;
      renderVariants();
    }

    async function compare() {
      const ticked = Array.from(document.querySelectorAll("#variants input:checked"), t => state.variants[+t.closest("tr").dataset.variant]);
      if (ticked.length !== 2) return;
      const [a, b] = ticked;
      const r = await exclusive("/api/compare", { page, baseline: a.variant, alternative: b.variant, replications: Math.min(a.result.replications, b.result.replications) });
      if (!r.current) return;
      if (r.status !== 200) { $("general-errors").textContent = r.data.error || (r.data.errors || []).map(e => e.text).join("\n"); return; }
      $("comparison-box").hidden = false;
      $("verdicts").replaceChildren(...r.data.verdicts.map(v => el("p", {}, v)));
      const frame = $("comparison");
      fit(frame);
      frame.srcdoc = r.data.html;
    }

    async function explain(v) {
      const r = await exclusive("/api/explain", { page, variant: v.variant });
      if (!r.current) return;
      if (r.status !== 200) { $("general-errors").textContent = r.data.error || (r.data.errors || []).map(e => e.text).join("\n"); return; }
      $("explain-box").hidden = false;
      $("explain-title").textContent = "Why the gap to the plan: " + v.variant.name + " (" + r.data.replications + " runs per switch of the causes)";
      const frame = $("explanation");
      fit(frame);
      frame.srcdoc = r.data.html;
      $("explain-box").scrollIntoView();
    }

    async function download(v) {
      const r = await api("/api/yaml", v.variant);
      if (r.status !== 200) { $("general-errors").textContent = "YAML: error " + r.status; return; }
      const url = URL.createObjectURL(await r.blob());
      const a = el("a", { href: url, download: v.variant.name.replace(/[^A-Za-z0-9-]/g, "-") + ".yaml" });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    }

    $("run").onclick = run;
    $("compare").onclick = compare;
    $("reset").onclick = () => loadInputs(state.inputs.scenario);
    loadScenarios();
    """#
}
