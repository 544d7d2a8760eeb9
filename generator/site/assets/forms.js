/* The site's forms (generator/site/forms.py): an application form and a recommendation-list
   form that write the file `jili new` writes, with the clerk's values in its blanks.

   Everything this script knows comes from the round's data (forms/<year>/data.js, made by
   generator/site/formdata.py): the registry, the measures, the templates, the JSON Schemas CI
   validates against and the wording of every message (generator/codes.py). It restates no
   rule: choices are limited to what the data allows, structure is checked by Ajv against the
   published schemas, and the file is rendered by nunjucks from the same template as `jili new`
   (tests/browser/test_forms_browser.py compares the two byte for byte). Runs locally; sends
   nothing; a draft is kept in this browser's localStorage. */
(function () {
  "use strict";
  var root = document.getElementById("jili-form");
  if (!root) return;
  var KIND = root.getAttribute("data-jili-form");
  var YEAR = root.getAttribute("data-year");
  var D = window.jiliFormData && window.jiliFormData[YEAR];
  if (!D || !window.ajv2020 || !window.nunjucks) {
    root.textContent = "表单所需的文件没有加载成功，请刷新页面重试。";
    return;
  }
  var DRAFT_KEY = "jili-form:" + KIND + ":" + YEAR;
  var serial = 0;

  /* --- small helpers ---------------------------------------------------------------------- */

  function h(tag, attrs) {
    var el = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] === null || attrs[key] === undefined) continue;
      if (key === "text") el.textContent = attrs[key];
      else if (key === "on") {
        for (var ev in attrs.on) el.addEventListener(ev, attrs.on[ev]);
      } else if (key === "className") el.className = attrs[key];
      else if (key === "value") el.value = attrs[key];
      else if (key === "checked" || key === "disabled" || key === "hidden" || key === "selected") el[key] = !!attrs[key];
      else el.setAttribute(key, attrs[key]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach(function (c) { if (c) el.appendChild(c); });
      else el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return el;
  }

  function uid(prefix) { serial += 1; return "jili-" + prefix + "-" + serial; }

  function fmt(template, params) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  function short(value, limit) {
    limit = limit || 40;
    var text = typeof value === "string" ? value : JSON.stringify(value);
    var chars = Array.from(text);
    return chars.length <= limit ? text : chars.slice(0, limit - 1).join("") + "…";
  }

  function today() {
    /* the filing date as a Beijing clerk writes it */
    var now = new Date(Date.now() + 8 * 3600000);
    return now.toISOString().slice(0, 10);
  }

  function byId(list, id) {
    for (var i = 0; i < list.length; i++) if (String(list[i].id) === String(id)) return list[i];
    return null;
  }

  function measureOf(number) {
    for (var i = 0; i < D.measures.length; i++) if (String(D.measures[i].number) === String(number)) return D.measures[i];
    return null;
  }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /* --- YAML text: the same two filters as generator/yamltext.py --------------------------- */

  function escapeChar(ch) {
    var code = ch.codePointAt(0);
    if (ch === "\\") return "\\\\";
    if (ch === "\"") return "\\\"";
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return "\\x" + (code < 16 ? "0" : "") + code.toString(16).toUpperCase();
    if (code === 0x2028 || code === 0x2029 || code === 0xfeff) return "\\u" + code.toString(16).toUpperCase();
    return ch;
  }

  function quoted(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return "\"" + Array.from(text).map(escapeChar).join("") + "\"";
  }

  function normalise(text) {
    var lines = String(text || "").replace(/\r\n/g, "\n").replace(/\r/g, "\n").split("\n");
    lines = lines.map(function (line) { return /^[ \t]*$/.test(line) ? "" : line.replace(/[ \t]+$/, ""); });
    while (lines.length && !lines[0]) lines.shift();
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    return lines.join("\n");
  }

  function blockValue(text) {
    var body = normalise(text);
    return body ? body + "\n" : "";
  }

  function block(text, indent) {
    var body = normalise(text);
    var pad = new Array((indent === undefined ? 2 : indent) + 1).join(" ");
    if (!body) return "\n" + pad;
    var lines = body.split("\n");
    /* a first line led by a space or a tab needs the indicator: YAML would take the space for
       indentation, and a tab where indentation is expected is a syntax error */
    var head = lines[0].charAt(0) === " " || lines[0].charAt(0) === "\t" ? "2" : "";
    return head + lines.map(function (line) { return "\n" + (line ? pad + line : ""); }).join("");
  }

  var templates = new window.nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  templates.addFilter("q", quoted);
  templates.addFilter("block", block);

  function render(kind, context) {
    return templates.renderString(D.templates[kind], context);
  }

  /* --- messages, worded as generator/codes.py words them ---------------------------------- */

  function say(code, params, where) {
    var entry = D.messages[code];
    var values = Object.assign({}, params || {});
    if (where !== undefined) values.where = where;
    return {
      code: code, severity: entry.severity, message: fmt(entry.message, values),
      hint: entry.hint ? fmt(entry.hint, values) : "", source: entry.source ? fmt(entry.source, values) : ""
    };
  }

  /* --- the schemas, as CI reads them ------------------------------------------------------ */

  function isDate(value) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
    var d = new Date(value + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }

  function isUri(value) {
    if (/\s/.test(value)) return false;
    var m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]+)/.exec(value);
    return !!m;
  }

  var FORMAT_CHECKS = { date: isDate, uri: isUri };
  var ajv = new window.ajv2020({ allErrors: true, strict: false, verbose: true });
  Object.keys(FORMAT_CHECKS).forEach(function (name) { ajv.addFormat(name, { type: "string", validate: FORMAT_CHECKS[name] }); });
  var schemaNames = Object.keys(D.schemas);
  schemaNames.forEach(function (name) { ajv.addSchema(D.schemas[name]); });
  var compiled = null;
  function validator(doc) {
    /* compiled on first use: the form is usable before the schema is */
    compiled = compiled || ajv.getSchema(D.schemas[KIND + ".schema.json"].$id);
    var ok = compiled(doc);
    validator.errors = compiled.errors;
    return ok;
  }

  function resolve(file, ref) {
    var hash = ref.indexOf("#");
    var target = hash === 0 ? file : ref.slice(0, hash);
    var node = D.schemas[target];
    ref.slice(hash + 1).split("/").forEach(function (part) {
      if (part) node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    });
    return { file: target, node: node };
  }

  function deref(file, node) {
    /* the referring node's own title and description win, as schemas.deref does */
    while (node && typeof node === "object" && node.$ref) {
      var found = resolve(file, node.$ref);
      var own = Object.assign({}, node);
      delete own.$ref;
      file = found.file;
      node = Object.assign({}, found.node, own);
    }
    return { file: file, node: node };
  }

  function descend(located, part) {
    var here = deref(located.file, located.node);
    var node = here.node;
    if (!node || typeof node !== "object") return null;
    if (typeof part === "number") return node.items ? deref(here.file, node.items) : null;
    if (node.properties && node.properties[part]) return deref(here.file, node.properties[part]);
    var keys = ["oneOf", "anyOf", "allOf"];
    for (var k = 0; k < keys.length; k++) {
      var branches = node[keys[k]] || [];
      for (var b = 0; b < branches.length; b++) {
        var found = descend({ file: here.file, node: branches[b] }, part);
        if (found) return found;
      }
    }
    return node.additionalProperties && typeof node.additionalProperties === "object"
      ? deref(here.file, node.additionalProperties) : null;
  }

  function dotted(path) {
    var text = "";
    path.forEach(function (part) {
      if (typeof part === "number") text += "[" + (part + 1) + "]";
      else text += (text ? "." : "") + part;
    });
    return text;
  }

  function wherePath(path) {
    /* schemas.SchemaSet.title_path: “联系电话（contact.phone）” */
    var located = { file: KIND + ".schema.json", node: D.schemas[KIND + ".schema.json"] };
    var title = "";
    for (var i = 0; i < path.length; i++) {
      located = descend(located, path[i]);
      if (!located) break;
      if (located.node && located.node.title) title = located.node.title;
    }
    var text = dotted(path);
    if (!text) return "文件";
    return title ? title + "（" + text + "）" : text;
  }

  function splitPointer(pointer) {
    return pointer.split("/").slice(1).map(function (p) {
      p = p.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^[0-9]+$/.test(p) ? Number(p) : p;
    });
  }

  var FULL_DIGIT = /[\uff10-\uff19]/;
  function halfWidth(value) {
    return Array.from(value).map(function (ch) {
      var code = ch.codePointAt(0);
      if (code >= 0xff01 && code <= 0xff5e) return String.fromCodePoint(code - 0xfee0);
      if (code === 0x3000) return " ";
      return ch;
    }).join("");
  }

  function wideDigits(value, fits, path) {
    if (typeof value !== "string" || !FULL_DIGIT.test(value)) return null;
    var fixed = halfWidth(value);
    if (!fits(fixed)) return null;
    return { code: "Y026", path: path, params: { value: short(value), digit: FULL_DIGIT.exec(value)[0], fixed: fixed } };
  }

  function optionsText(options) {
    return options.map(function (o) { return typeof o === "string" ? "“" + o + "”" : JSON.stringify(o); }).join("、");
  }

  function fromAjv(error) {
    /* one Ajv error as the code and values generator/schemas.py gives the same mistake */
    var path = splitPointer(error.instancePath);
    var schema = error.parentSchema || {};
    var p = error.params || {};
    var extra = schema["x-jili"] || {};
    var P = D.problems;
    switch (error.keyword) {
      case "required": {
        var sub = (schema.properties || {})[p.missingProperty] || {};
        return { code: "S001", path: path, params: { field: p.missingProperty, title: sub.title ? "（" + sub.title + "）" : "" } };
      }
      case "additionalProperties":
        return { code: "S002", path: path.concat([p.additionalProperty]), params: { field: p.additionalProperty, allowed: "" } };
      case "type": {
        var kinds = Array.isArray(p.type) ? p.type : String(p.type).split(",");
        return { code: "S003", path: path, params: { expected: kinds.map(function (k) { return D.type_names[k] || k; }).join("或"), actual: typeof error.data } };
      }
      case "enum": case "const":
        return { code: "S004", path: path, params: { value: short(error.data), options: optionsText(schema.enum || [schema.const]) } };
      case "pattern": {
        var re = new RegExp(schema.pattern, "u");
        return wideDigits(error.data, function (v) { return re.test(v); }, path) ||
          { code: "S005", path: path, params: { value: short(error.data), expected: extra.pattern_text || "格式不符合字段说明" } };
      }
      case "format": {
        var check = FORMAT_CHECKS[p.format];
        return wideDigits(error.data, check, path) ||
          { code: "S005", path: path, params: { value: short(error.data), expected: D.formats[p.format] } };
      }
      case "minLength":
        return { code: "S006", path: path, params: { problem: p.limit === 1 ? P.empty : fmt(P.min_length, { min: p.limit }) } };
      case "maxLength":
        return { code: "S006", path: path, params: { problem: fmt(P.max_length, { max: p.limit, count: Array.from(error.data).length }) } };
      case "minimum":
        return { code: "S007", path: path, params: { value: error.data, problem: fmt(P.minimum, { min: p.limit }) } };
      case "maximum":
        return { code: "S007", path: path, params: { value: error.data, problem: fmt(P.maximum, { max: p.limit }) } };
      case "minItems":
        return { code: "S008", path: path, params: { problem: p.limit === 1 ? P.empty : fmt(P.min_items, { min: p.limit }) } };
      case "maxItems":
        return { code: "S008", path: path, params: { problem: fmt(P.max_items, { max: p.limit, count: error.data.length }) } };
      case "uniqueItems":
        return { code: "S009", path: path, params: {} };
      case "oneOf": case "anyOf": {
        var branches = schema[error.keyword] || [];
        var labels = branches.map(function (b) { return b.title || b.description || JSON.stringify(b); }).join("；或 ");
        return { code: "S010", path: path, params: { problem: p.passingSchemas ? P.one_of_many : P.one_of_none, options: labels } };
      }
      default:
        return null; /* "if": its "then" reports the mistake itself */
    }
  }

  var FORBIDDEN = new RegExp(D.forbidden.pattern, "u");

  function hiddenCharacters(doc, path, out) {
    /* Y013: invisible and control characters, as generator/hygiene.py finds them */
    if (typeof doc === "string") {
      var m = FORBIDDEN.exec(doc);
      if (m) {
        var code = m[0].codePointAt(0).toString(16).toUpperCase();
        out.push({ code: "Y013", path: path, params: { char: D.forbidden.names[code] || ("U+" + code) } });
      }
    } else if (Array.isArray(doc)) {
      doc.forEach(function (item, i) { hiddenCharacters(item, path.concat([i]), out); });
    } else if (doc && typeof doc === "object") {
      Object.keys(doc).forEach(function (key) { hiddenCharacters(doc[key], path.concat([key]), out); });
    }
  }

  function check(doc, extra) {
    /* every finding about the file the form would write: [{code, path, ...message}] */
    var found = [];
    hiddenCharacters(doc, [], found);
    validator(doc);
    var seen = {};
    (validator.errors || []).forEach(function (error) {
      var item = fromAjv(error);
      if (!item) return;
      var key = item.code + " " + JSON.stringify(item.path) + JSON.stringify(item.params);
      if (seen[key]) return;
      seen[key] = true;
      found.push(item);
    });
    (extra || []).forEach(function (item) { found.push(item); });
    return found.map(function (item) {
      var where = wherePath(item.path);
      return Object.assign({ path: item.path }, say(item.code, item.params, where));
    });
  }

  /* --- a preview of rich text as the site shows it (generator/site/text.py rich_html) ----- */

  var WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u2014\u2018\u2019\u201c\u201d\u2026";
  var WRAPPED = new RegExp("([" + WIDE + "])[ \\t]*\\n[ \\t]*(?=[" + WIDE + "])", "g");

  function esc(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function inline(text) {
    var codes = [];
    text = text.replace(/`([^`]+)`/g, function (whole, code) { codes.push(code); return "\u0000" + (codes.length - 1) + "\u0000"; });
    text = esc(text);
    text = text.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, function (whole, label, href) {
      return "<a href=\"" + href + "\" rel=\"noopener noreferrer nofollow\">" + label + "</a>";
    });
    text = text.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/__([^_]+)__/g, "<strong>$1</strong>");
    text = text.replace(/\*([^*]+)\*/g, "<em>$1</em>").replace(/(^|[^\w])_([^_]+)_(?=$|[^\w])/g, "$1<em>$2</em>");
    text = text.replace(/ {2,}\n/g, "<br>\n");
    text = text.replace(WRAPPED, "$1");
    return text.replace(/\u0000(\d+)\u0000/g, function (whole, i) { return "<code>" + esc(codes[Number(i)]) + "</code>"; });
  }

  function richHtml(source) {
    var blocks = normalise(source).split(/\n[ \t]*\n/);
    var out = [];
    blocks.forEach(function (chunk) {
      if (!chunk.trim()) return;
      var lines = chunk.split("\n");
      var heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[0]);
      if (heading && lines.length === 1) {
        var level = Math.min(heading[1].length + 3, 6);
        out.push("<h" + level + ">" + inline(heading[2]) + "</h" + level + ">");
        return;
      }
      if (lines.length === 1 && /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(lines[0])) { out.push("<hr>"); return; }
      if (/^\s{0,3}>/.test(lines[0])) {
        out.push("<blockquote>\n" + richHtml(lines.map(function (l) { return l.replace(/^\s{0,3}>\s?/, ""); }).join("\n")) + "\n</blockquote>");
        return;
      }
      var bullet = /^\s{0,3}[-*+]\s+/, number = /^\s{0,3}[0-9]+[.)]\s+/;
      var kind = bullet.test(lines[0]) ? "ul" : number.test(lines[0]) ? "ol" : null;
      if (kind) {
        var marker = kind === "ul" ? bullet : number;
        var items = [];
        lines.forEach(function (line) {
          if (marker.test(line)) items.push(line.replace(marker, ""));
          else if (items.length) items[items.length - 1] += "\n" + line.trim();
        });
        out.push("<" + kind + ">\n" + items.map(function (i) { return "<li>" + inline(i) + "</li>"; }).join("\n") + "\n</" + kind + ">");
        return;
      }
      out.push("<p>" + inline(lines.map(function (l, i) { return i ? l.replace(/^\s+/, "") : l.trim(); }).join("\n")) + "</p>");
    });
    return out.join("\n");
  }

  /* --- state and drafts ------------------------------------------------------------------- */

  function blankState() {
    if (KIND === "application") {
      return {
        applicant: "", measure: "", subunits: [], self_assessment: "",
        experiences: [{ title: "", body: "" }], evidence: [],
        contact: { unit: "", person: "", phone: "", email: "" }, filed: today()
      };
    }
    return { sender: "", measure: "", method: "", sent: today(), note: "", picked: [], ranked: {} };
  }

  var state = blankState();
  var touched = {};
  var showAll = false;

  function saveDraft() {
    try { window.localStorage.setItem(DRAFT_KEY, JSON.stringify(state)); } catch (e) { /* private mode: no draft */ }
  }

  function loadDraft() {
    try {
      var text = window.localStorage.getItem(DRAFT_KEY);
      if (text) return Object.assign(blankState(), JSON.parse(text));
    } catch (e) { /* a broken draft is dropped */ }
    return null;
  }

  /* --- what the form writes --------------------------------------------------------------- */

  function applicant() { return byId(D.applicants, state.applicant); }
  function department() { return byId(D.departments, state.sender); }

  function subunitLevel(unit, measure) {
    return unit && measure && unit.subunit && measure.levels.indexOf(unit.subunit.label) >= 0 ? unit.subunit : null;
  }

  function evidenceItems() {
    return state.evidence.map(function (item) {
      return item.type === "url" ? { title: item.title, url: item.url, file: null }
        : { title: item.title, url: null, file: "附件/" + item.file.replace(/^附件[\/\\]/, "") };  /* typed as the hint shows it */
    });
  }

  function applicationDoc() {
    var unit = applicant(), measure = measureOf(state.measure);
    if (!unit || !measure) return null;
    var below = subunitLevel(unit, measure);
    var nominees = [{ level: unit.own_level, name: unit.name }];
    if (below) state.subunits.forEach(function (name) { nominees.push({ level: below.label, name: name, parent: unit.id }); });
    var doc = {
      measure: measure.number, applicant: unit.id, nominees: nominees,
      self_assessment: blockValue(state.self_assessment),
      experiences: state.experiences.map(function (e) { return { title: e.title, body: blockValue(e.body) }; })
    };
    if (state.evidence.length) {
      doc.evidence = evidenceItems().map(function (item) {
        return item.url !== null ? { title: item.title, url: item.url } : { title: item.title, file: item.file };
      });
    }
    doc.contact = { unit: state.contact.unit, person: state.contact.person, phone: state.contact.phone };
    if (state.contact.email) doc.contact.email = state.contact.email;
    doc.filed = state.filed;
    return doc;
  }

  function applicationFile() {
    var unit = applicant(), measure = measureOf(state.measure);
    if (!unit || !measure) return null;
    var base = D.context.application;
    var path = fmt(base.path, { applicant: unit.id, number: pad2(measure.number) });
    var context = Object.assign({}, base, {
      measure: measure, measure_citation: measure.citation, applicant: unit.id, unit_name: unit.name,
      own_level: unit.own_level, subunit: unit.subunit, path: path, folder: path.slice(0, path.lastIndexOf("/")),
      subunits: subunitLevel(unit, measure) ? state.subunits.slice() : [],
      self_assessment: state.self_assessment, experiences: state.experiences, evidence: evidenceItems(),
      contact: state.contact, filed: state.filed
    });
    return { path: path, text: render("application", context) };
  }

  function categories(measure) {
    /* the picked nominees by level, in the measure's order of levels */
    var out = [];
    measure.level_examples.forEach(function (level) {
      var entries = state.picked.filter(function (p) { return p.level === level.label; });
      if (!entries.length) return;
      var ranked = !!state.ranked[level.label];
      out.push(Object.assign({}, level, {
        entries: entries.map(function (p, i) {
          return { applicant: p.applicant, nominee: p.subunit ? p.name : null, rank: ranked ? i + 1 : null, reason: p.reason ? p.reason : null };
        })
      }));
    });
    return out;
  }

  function recommendationDoc() {
    var dept = department(), measure = measureOf(state.measure);
    if (!dept || !measure) return null;
    var doc = { measure: measure.number, sender: dept.id, sent: state.sent, method: state.method };
    doc.categories = categories(measure).map(function (c) {
      return {
        level: c.label, entries: c.entries.map(function (e) {
          var entry = { applicant: e.applicant };
          if (e.nominee !== null) entry.nominee = e.nominee;
          if (e.rank !== null) entry.rank = e.rank;
          if (e.reason !== null) entry.reason = e.reason;
          return entry;
        })
      };
    });
    if (state.note) doc.note = state.note;
    return doc;
  }

  function recommendationFile() {
    var dept = department(), measure = measureOf(state.measure);
    if (!dept || !measure) return null;
    var base = D.context.recommendation;
    var path = fmt(base.path, { sender: dept.id, number: pad2(measure.number) });
    var context = Object.assign({}, base, {
      measure: measure, sender: dept.id, sender_name: dept.name, levels: measure.level_examples,
      applications: measure.received, path: path, sent: state.sent, method: state.method, note: state.note,
      categories: categories(measure)
    });
    return { path: path, text: render("recommendation", context) };
  }

  function extraFindings() {
    /* rules beyond the schema that the form can judge with the data it has */
    var out = [];
    if (KIND === "application") {
      var phone = ((((D.schemas["application.schema.json"].properties || {}).contact || {}).properties || {}).phone || {});
      var mobile = (phone["x-jili"] || {}).mobile_pattern;
      if (mobile && new RegExp(mobile, "u").test(state.contact.phone)) out.push({ code: "A013", path: ["contact", "phone"], params: {} });
      var unit = applicant(), measure = measureOf(state.measure);
      var below = unit && measure ? subunitLevel(unit, measure) : null;
      if (below && unit.subunits_listed) {
        /* generator/rules/townships.py judges a name against the registry's list for the year,
           the same list the form offers: a name not in it is A010 in CI too */
        state.subunits.forEach(function (name, i) {
          if (unit.subunits.indexOf(name) < 0) {
            out.push({ code: "A010", path: ["nominees", i + 1, "name"],
                       params: { region: unit.name + "（" + unit.id + "）", year: YEAR, name: name, subunit: below.label, guess: "" } });
          }
        });
      }
      state.evidence.forEach(function (item, i) {
        if (item.type !== "file" || !item.file) return;
        var dot = item.file.lastIndexOf(".");
        var suffix = dot >= 0 ? item.file.slice(dot).toLowerCase() : "";
        var allowed = D.attachments.types.some(function (t) { return t.suffix === suffix; });
        if (!allowed) out.push({ code: "F005", path: ["evidence", i, "file"], params: { name: item.file, suffix: suffix || "无扩展名", types: D.attachments.allowed_text } });
        if (item.size && item.size > D.attachments.max_file_bytes) {
          out.push({ code: "F007", path: ["evidence", i, "file"], params: { name: item.file, size: sizeText(item.size), limit: D.attachments.max_file_text } });
        }
      });
    }
    return out;
  }

  function sizeText(size) {
    /* attachments.size_text */
    if (size >= 1024 * 1024) return (size / (1024 * 1024)).toFixed(1) + " MB";
    return Math.max(1, Math.round(size / 1024)) + " KB";
  }

  /* --- the page --------------------------------------------------------------------------- */

  var refs = {};
  var pointerDown = false, pendingRefresh = false;
  document.addEventListener("pointerdown", function () { pointerDown = true; }, true);
  document.addEventListener("pointerup", function () {
    pointerDown = false;
    if (pendingRefresh) { pendingRefresh = false; setTimeout(refresh, 0); }
  }, true);

  function schemaNode(path) {
    var located = { file: KIND + ".schema.json", node: D.schemas[KIND + ".schema.json"] };
    for (var i = 0; i < path.length && located; i++) located = descend(located, path[i]);
    return located ? located.node : {};
  }

  function fieldId(path) { return "jili-f-" + path.join("-"); }

  function field(label, path, control, hint) {
    /* a labelled control with its hint and its error line, tied together for screen readers */
    var id = fieldId(path);
    var hintId = id + "-hint", errorId = id + "-error";
    control.id = id;
    control.setAttribute("data-path", JSON.stringify(path));
    control.setAttribute("aria-describedby", (hint ? hintId + " " : "") + errorId);
    control.addEventListener("blur", function () {
      touched[JSON.stringify(path)] = true;
      /* leaving a field by pressing on another control: show its message after the press, or
         the message moves that control from under the pointer and the click is lost */
      if (pointerDown) pendingRefresh = true; else refresh();
    });
    return h("div", { className: "jili-field" },
      h("label", { "for": id, text: label }),
      hint ? h("p", { className: "jili-hint", id: hintId, text: hint }) : null,
      control,
      errorLine(path, errorId));
  }

  function errorLine(path, id) {
    return h("p", { className: "jili-error", id: id || fieldId(path) + "-error", "data-error-for": JSON.stringify(path),
      "aria-live": "polite", hidden: true });
  }

  function titleOf(path, fallback) {
    var node = schemaNode(path);
    return (node && node.title) || fallback;
  }

  function descriptionOf(path) {
    var node = schemaNode(path);
    return (node && node.description) || "";
  }

  function textInput(path, get, set, attrs) {
    var input = h("input", Object.assign({ type: "text", value: get(), autocomplete: "off" }, attrs || {}));
    input.addEventListener("input", function () { set(input.value); changed(); });
    return input;
  }

  function textArea(path, get, set, rows) {
    var area = h("textarea", { rows: rows || 8, value: get() });
    area.value = get();
    area.addEventListener("input", function () { set(area.value); changed(); });
    return area;
  }

  function preview(get) {
    var box = h("div", { className: "jili-preview jili-rich", "aria-live": "off" });
    var wrap = h("details", { className: "jili-preview-box", open: "open" },
      h("summary", { text: "预览（按网站的显示方式）" }), box);
    refs.previews.push(function () { box.innerHTML = richHtml(get()) || "<p class=\"jili-muted\">（还没有内容）</p>"; });
    return wrap;
  }

  function button(text, onClick, attrs) {
    return h("button", Object.assign({ type: "button", className: "md-button", text: text, on: { click: onClick } }, attrs || {}));
  }

  function select(options, value, onChange, placeholder) {
    var el = h("select", {});
    el.appendChild(h("option", { value: "", text: placeholder }));
    options.forEach(function (o) {
      if (o.group) {
        var group = h("optgroup", { label: o.group });
        o.options.forEach(function (x) { group.appendChild(h("option", { value: x.value, text: x.label, selected: String(x.value) === String(value) })); });
        el.appendChild(group);
      } else {
        el.appendChild(h("option", { value: o.value, text: o.label, selected: String(o.value) === String(value) }));
      }
    });
    el.value = value === undefined || value === null ? "" : String(value);
    el.addEventListener("change", function () { onChange(el.value); });
    return el;
  }

  function section(title, intro) {
    var id = uid("sec");
    var sec = h("section", { className: "jili-section", "aria-labelledby": id }, h("h2", { id: id, text: title }));
    if (intro) sec.appendChild(h("p", { className: "jili-hint", text: intro }));
    return sec;
  }

  function measureLabel(m) { return "第" + m.number + "项 " + m.title; }

  /* application form ---------------------------------------------------------------------- */

  function buildApplication(body) {
    var unit = applicant(), measure = measureOf(state.measure);
    var who = section(titleOf(["applicant"], "申报单位") + "和措施");
    var groups = D.programme.applicant_kinds.map(function (k) {
      return {
        group: k.label, options: D.applicants.filter(function (u) { return u.kind === k.id; })
          .map(function (u) { return { value: u.id, label: u.name }; })
      };
    });
    who.appendChild(field(titleOf(["applicant"], "申报单位"), ["applicant"],
      select(groups, state.applicant, function (v) {
        state.applicant = v;
        var u = applicant();
        if (u && u.measures.indexOf(Number(state.measure)) < 0) state.measure = "";
        state.subunits = [];
        rebuild("jili-f-applicant");
      }, "请选择本单位"), "只列出本年度名录中有效的" + D.programme.applicant_kinds.map(function (k) { return k.label; }).join("和") + "。"));
    var measures = unit ? D.measures.filter(function (m) { return unit.measures.indexOf(m.number) >= 0; }) : [];
    var chooser = select(measures.map(function (m) { return { value: m.number, label: measureLabel(m) }; }), state.measure,
      function (v) { state.measure = v; state.subunits = []; rebuild("jili-f-measure"); },
      unit ? "请选择措施" : "请先选择申报单位");
    if (!unit) chooser.disabled = true;
    who.appendChild(field(titleOf(["measure"], "申报措施"), ["measure"], chooser,
      unit ? "只列出激励对象含“" + unit.own_level + "”的措施：" + unit.name + "可以申报这些措施。" : ""));
    if (unit && measure) {
      var notes = h("div", { className: "jili-note" },
        h("p", { text: "激励对象：" + measure.eligible_text + "；依据：" + measure.citation + "；截止：" + D.context.application.deadline }));
      var existing = unit.existing[String(measure.number)];
      if (existing) {
        notes.appendChild(h("p", { className: "jili-warning" },
          unit.name + "对本措施已有申报材料（",
          h("a", { href: existing, text: "查看" }),
          "）。每个单位每项措施只能有一份申报材料：请用下面的“打开已有文件”载入原文件修改，提交时替换原文件。"));
      }
      who.appendChild(notes);
    }
    body.appendChild(who);
    if (!unit || !measure) return;

    /* nominees */
    var below = subunitLevel(unit, measure);
    var nominees = section(titleOf(["nominees"], "申报对象"), descriptionOf(["nominees"]));
    nominees.appendChild(h("p", {}, h("strong", { text: unit.own_level + "：" + unit.name }), "（以本单位名义申报）"));
    if (below && unit.subunits_listed) {
      var box = h("fieldset", { className: "jili-choices", id: fieldId(["nominees"]), "data-path": JSON.stringify(["nominees"]) },
        h("legend", { text: "同时申报的" + below.label + "（可多选，名单取自名录）" }));
      /* names a loaded file has that the registry does not (a misspelt township): shown ticked,
         so the clerk sees them and can untick them; the check below says what CI will say (A010) */
      var unknown = state.subunits.filter(function (n) { return unit.subunits.indexOf(n) < 0; });
      var shown = unit.subunits.concat(unknown);
      shown.forEach(function (name) {
        var id = uid("sub");
        var input = h("input", { type: "checkbox", id: id, value: name, checked: state.subunits.indexOf(name) >= 0 });
        input.addEventListener("change", function () {
          var chosen = state.subunits.filter(function (n) { return n !== name; });
          if (input.checked) chosen.push(name);
          state.subunits = shown.filter(function (n) { return chosen.indexOf(n) >= 0; });
          changed();
        });
        var text = unknown.indexOf(name) >= 0 ? name + "（名录中没有）" : name;
        box.appendChild(h("div", { className: "jili-choice" }, input, h("label", { "for": id, text: text })));
      });
      box.appendChild(errorLine(["nominees"]));
      nominees.appendChild(box);
    } else if (below) {
      nominees.appendChild(freeList(below.label));
    } else if (unit.subunit) {
      nominees.appendChild(h("p", { className: "jili-hint", text: "第" + measure.number + "项措施的激励对象是“" + measure.eligible_text + "”，不含" + unit.subunit.label + "，只能以" + unit.name + "名义申报。" }));
    }
    body.appendChild(nominees);

    /* self-assessment */
    var self = section(titleOf(["self_assessment"], "自评"));
    self.appendChild(field(titleOf(["self_assessment"], "自评"), ["self_assessment"],
      textArea(["self_assessment"], function () { return state.self_assessment; }, function (v) { state.self_assessment = v; }, 10),
      schemaNode(["self_assessment"]).description || ""));
    self.appendChild(preview(function () { return state.self_assessment; }));
    body.appendChild(self);

    /* experiences */
    var expNode = schemaNode(["experiences"]);
    var exps = section(titleOf(["experiences"], "典型经验做法"), (expNode.description || "") + "至少 " + (expNode.minItems || 1) + " 节，最多 " + (expNode.maxItems || 20) + " 节。");
    exps.setAttribute("id", fieldId(["experiences"]));
    exps.setAttribute("data-path", JSON.stringify(["experiences"]));
    state.experiences.forEach(function (item, i) {
      var part = h("fieldset", { className: "jili-item" }, h("legend", { text: "第 " + (i + 1) + " 节" }));
      part.appendChild(field(titleOf(["experiences", i, "title"], "标题"), ["experiences", i, "title"],
        textInput(["experiences", i, "title"], function () { return item.title; }, function (v) { item.title = v; })));
      part.appendChild(field(titleOf(["experiences", i, "body"], "内容"), ["experiences", i, "body"],
        textArea(["experiences", i, "body"], function () { return item.body; }, function (v) { item.body = v; }, 8),
        descriptionOf(["experiences", i, "body"])));
      part.appendChild(preview(function () { return item.body; }));
      if (state.experiences.length > (expNode.minItems || 1)) {
        part.appendChild(button("删除这一节", function () { state.experiences.splice(i, 1); rebuild("jili-add-experience"); }));
      }
      exps.appendChild(part);
    });
    exps.appendChild(errorLine(["experiences"]));
    if (state.experiences.length < (expNode.maxItems || 20)) {
      exps.appendChild(button("再加一节", function () {
        state.experiences.push({ title: "", body: "" });
        rebuild(fieldId(["experiences", state.experiences.length - 1, "title"]));
      }, { id: "jili-add-experience" }));
    }
    body.appendChild(exps);

    /* evidence */
    var ev = section(titleOf(["evidence"], "佐证材料") + "（可选）",
      descriptionOf(["evidence"]) + "附件允许的类型：" + D.attachments.allowed_text + "；单个文件不超过 " + D.attachments.max_file_text +
      "，本单位申报目录合计不超过 " + D.attachments.max_folder_text + "。附件要与本文件一起提交，放在本单位目录的“附件”文件夹中。");
    state.evidence.forEach(function (item, i) {
      var part = h("fieldset", { className: "jili-item" }, h("legend", { text: "第 " + (i + 1) + " 份材料" }));
      part.appendChild(field(titleOf(["evidence", i, "title"], "名称"), ["evidence", i, "title"],
        textInput(["evidence", i, "title"], function () { return item.title; }, function (v) { item.title = v; })));
      var kindName = uid("kind");
      var choice = h("fieldset", { className: "jili-choices jili-inline" }, h("legend", { text: "材料形式" }));
      [["url", "网页链接"], ["file", "附件"]].forEach(function (opt) {
        var id = uid("kind");
        var radio = h("input", { type: "radio", name: kindName, id: id, value: opt[0], checked: item.type === opt[0] });
        radio.addEventListener("change", function () { item.type = opt[0]; rebuild(id); });
        choice.appendChild(h("span", { className: "jili-choice" }, radio, h("label", { "for": id, text: opt[1] })));
      });
      part.appendChild(choice);
      if (item.type === "url") {
        part.appendChild(field(titleOf(["evidence", i, "url"], "网址"), ["evidence", i, "url"],
          textInput(["evidence", i, "url"], function () { return item.url; }, function (v) { item.url = v; }, { type: "url", inputmode: "url" }),
          descriptionOf(["evidence", i, "url"])));
      } else {
        part.appendChild(field("附件文件名", ["evidence", i, "file"],
          textInput(["evidence", i, "file"], function () { return item.file; }, function (v) { item.file = v; item.size = null; }),
          "例如 工作总结.pdf；文件中写作“附件/文件名”。也可以选择本机上的文件，表单只读取它的名称和大小，不上传。"));
        var picker = h("input", { type: "file", "aria-label": "选择本机上的附件（只读取名称和大小）" });
        picker.addEventListener("change", function () {
          var file = picker.files && picker.files[0];
          if (!file) return;
          item.file = file.name; item.size = file.size;
          rebuild(fieldId(["evidence", i, "file"]));
        });
        part.appendChild(h("div", { className: "jili-field" }, picker));
      }
      part.appendChild(button("删除这份材料", function () { state.evidence.splice(i, 1); rebuild("jili-add-evidence"); }));
      ev.appendChild(part);
    });
    ev.appendChild(button("添加一份材料", function () {
      state.evidence.push({ title: "", type: "file", url: "", file: "", size: null });
      rebuild(fieldId(["evidence", state.evidence.length - 1, "title"]));
    }, { id: "jili-add-evidence" }));
    body.appendChild(ev);

    /* contact */
    var contact = section(titleOf(["contact"], "联系人"), descriptionOf(["contact"]) + "本文件会放进数据仓库，能访问仓库的人都能看到它，因此请填写办公电话，不要填写个人手机号。");
    ["unit", "person", "phone", "email"].forEach(function (key) {
      var path = ["contact", key];
      var attrs = key === "phone" ? { type: "tel", inputmode: "tel", autocomplete: "off" } : key === "email" ? { type: "email", autocomplete: "off" } : {};
      var hint = descriptionOf(path);
      contact.appendChild(field(titleOf(path, key) + (key === "email" ? "（可选）" : ""), path,
        textInput(path, function () { return state.contact[key]; }, function (v) { state.contact[key] = v; }, attrs), hint));
    });
    body.appendChild(contact);

    var dates = section(titleOf(["filed"], "报送日期"));
    var date = h("input", { type: "date", value: state.filed });
    date.addEventListener("input", function () { state.filed = date.value; changed(); });
    date.addEventListener("change", function () { state.filed = date.value; changed(); });
    dates.appendChild(field(titleOf(["filed"], "报送日期"), ["filed"], date, descriptionOf(["filed"])));
    body.appendChild(dates);
  }

  function freeList(label) {
    /* no list of these units in the registry: names are typed, and CI judges them */
    var wrap = h("div", { className: "jili-field", id: fieldId(["nominees"]), "data-path": JSON.stringify(["nominees"]) },
      h("p", { className: "jili-hint", text: "名录中没有本单位的" + label + "清单：请逐个填写规范全称，提交后由自动校验核对。" }));
    state.subunits.forEach(function (name, i) {
      var path = ["nominees", i + 1, "name"];
      wrap.appendChild(field(label + " " + (i + 1), path, textInput(path, function () { return state.subunits[i]; }, function (v) { state.subunits[i] = v; })));
      wrap.appendChild(button("删除", function () { state.subunits.splice(i, 1); rebuild("jili-add-subunit"); }));
    });
    wrap.appendChild(errorLine(["nominees"]));
    wrap.appendChild(button("添加一个" + label, function () { state.subunits.push(""); rebuild(fieldId(["nominees", state.subunits.length, "name"])); }, { id: "jili-add-subunit" }));
    return wrap;
  }

  /* recommendation form ------------------------------------------------------------------- */

  function buildRecommendation(body) {
    var dept = department(), measure = measureOf(state.measure);
    var who = section(titleOf(["sender"], "推荐单位") + "和措施");
    who.appendChild(field(titleOf(["sender"], "推荐单位"), ["sender"],
      select(D.departments.map(function (d) { return { value: d.id, label: d.name }; }), state.sender, function (v) {
        state.sender = v;
        var d = department();
        if (d && d.measures.indexOf(Number(state.measure)) < 0) state.measure = "";
        state.picked = []; state.ranked = {};
        rebuild("jili-f-sender");
      }, "请选择本部门"), "只列出本年度牵头某项措施的部门。"));
    var measures = dept ? D.measures.filter(function (m) { return dept.measures.indexOf(m.number) >= 0; }) : [];
    var chooser = select(measures.map(function (m) { return { value: m.number, label: measureLabel(m) }; }), state.measure,
      function (v) { state.measure = v; state.picked = []; state.ranked = {}; rebuild("jili-f-measure"); },
      dept ? "请选择本部门牵头的措施" : "请先选择推荐单位");
    if (!dept) chooser.disabled = true;
    who.appendChild(field(titleOf(["measure"], "措施"), ["measure"], chooser, ""));
    if (dept && measure) {
      who.appendChild(h("div", { className: "jili-note" },
        h("p", { text: "激励对象：" + measure.eligible_text + "；牵头单位：" + measure.lead_units.join("、") + "；截止：" + D.context.recommendation.deadline })));
    }
    body.appendChild(who);
    if (!dept || !measure) return;

    var pool = section("可推荐的对象", "下面是本措施已通过校验的申报（按网站生成时的仓库）。勾选要推荐的对象，它们按对象层级自动分类。");
    if (!measure.applications.length) {
      pool.appendChild(h("p", { className: "jili-warning", text: "本措施目前没有已通过校验的申报，暂时无法推荐。" }));
    }
    measure.level_examples.forEach(function (level) {
      var options = [];
      measure.applications.forEach(function (app) {
        app.nominees.forEach(function (n) { if (n.level === level.label) options.push({ app: app, nominee: n }); });
      });
      if (!options.length) return;
      var box = h("fieldset", { className: "jili-choices" }, h("legend", { text: level.label }));
      options.forEach(function (o) {
        var id = uid("pick");
        var key = o.app.applicant + "\u0000" + o.nominee.name;
        var isPicked = state.picked.some(function (p) { return p.key === key; });
        var input = h("input", { type: "checkbox", id: id, checked: isPicked });
        input.addEventListener("change", function () {
          if (input.checked) {
            state.picked.push({ key: key, applicant: o.app.applicant, name: o.nominee.name, level: level.label, subunit: !!o.nominee.subunit, reason: "" });
          } else {
            state.picked = state.picked.filter(function (p) { return p.key !== key; });
          }
          rebuild(id);
        });
        var label = o.nominee.subunit ? o.nominee.name + "（" + o.app.name + "）" : o.nominee.name;
        box.appendChild(h("div", { className: "jili-choice" }, input, h("label", { "for": id, text: label }), " ",
          h("a", { href: o.app.page, text: "申报材料" })));
      });
      pool.appendChild(box);
    });
    body.appendChild(pool);

    var list = section("推荐名单", "同一类中可以排列名次：勾选“按名次排列”后，名次按列出的顺序从 1 起编，用“上移”“下移”调整。");
    list.setAttribute("id", fieldId(["categories"]));
    list.setAttribute("data-path", JSON.stringify(["categories"]));
    var cats = categories(measure);
    if (!cats.length) list.appendChild(h("p", { className: "jili-muted", text: "还没有勾选推荐对象。" }));
    cats.forEach(function (cat, ci) {
      var part = h("fieldset", { className: "jili-item" }, h("legend", { text: cat.label }));
      var rankId = uid("rank");
      var rank = h("input", { type: "checkbox", id: rankId, checked: !!state.ranked[cat.label] });
      rank.addEventListener("change", function () { state.ranked[cat.label] = rank.checked; rebuild(rankId); });
      part.appendChild(h("div", { className: "jili-choice" }, rank, h("label", { "for": rankId, text: "按名次排列" })));
      var members = state.picked.filter(function (p) { return p.level === cat.label; });
      members.forEach(function (p, ei) {
        var row = h("div", { className: "jili-entry" });
        var name = p.subunit ? p.name + "（" + (byId(D.applicants, p.applicant) || { name: p.applicant }).name + "）" : p.name;
        row.appendChild(h("p", {}, h("strong", { text: (state.ranked[cat.label] ? "第 " + (ei + 1) + " 名：" : "") + name })));
        var path = ["categories", ci, "entries", ei, "reason"];
        row.appendChild(field(titleOf(path, "推荐理由") + "（" + name + "）", path,
          textInput(path, function () { return p.reason; }, function (v) { p.reason = v; }), ""));
        var move = function (delta, focusId) {
          var all = state.picked;
          var at = all.indexOf(p);
          var same = all.map(function (x, i) { return x.level === cat.label ? i : -1; }).filter(function (i) { return i >= 0; });
          var pos = same.indexOf(at) + delta;
          if (pos < 0 || pos >= same.length) return;
          var other = same[pos];
          all[at] = all[other]; all[other] = p;
          rebuild(focusId);
        };
        var upId = "jili-up-" + p.key.replace(/\u0000/g, "-"), downId = "jili-down-" + p.key.replace(/\u0000/g, "-");
        row.appendChild(h("div", { className: "jili-buttons" },
          ei > 0 ? button("上移", function () { move(-1, [upId, downId]); }, { id: upId, "aria-label": "上移 " + name }) : null,
          ei < members.length - 1 ? button("下移", function () { move(1, [downId, upId]); }, { id: downId, "aria-label": "下移 " + name }) : null));
        part.appendChild(row);
      });
      list.appendChild(part);
    });
    list.appendChild(errorLine(["categories"]));
    body.appendChild(list);

    var other = section("评审方式和报送日期");
    other.appendChild(field(titleOf(["method"], "评审方式"), ["method"],
      textInput(["method"], function () { return state.method; }, function (v) { state.method = v; }), descriptionOf(["method"])));
    var date = h("input", { type: "date", value: state.sent });
    date.addEventListener("input", function () { state.sent = date.value; changed(); });
    date.addEventListener("change", function () { state.sent = date.value; changed(); });
    other.appendChild(field(titleOf(["sent"], "报送日期"), ["sent"], date, descriptionOf(["sent"])));
    other.appendChild(field(titleOf(["note"], "说明") + "（可选）", ["note"],
      textArea(["note"], function () { return state.note; }, function (v) { state.note = v; }, 3), descriptionOf(["note"])));
    body.appendChild(other);
  }

  /* --- output, checks and the buttons ----------------------------------------------------- */

  function currentFile() { return KIND === "application" ? applicationFile() : recommendationFile(); }
  function currentDoc() { return KIND === "application" ? applicationDoc() : recommendationDoc(); }

  function findings() {
    var doc = currentDoc();
    if (!doc) return null;
    var extra = extraFindings().map(function (item) { return item; });
    return check(doc, extra);
  }

  function errorText(f) {
    return "[" + f.code + "] " + f.message + (f.source ? "（依据：" + f.source + "）" : "") + (f.hint ? " 提示：" + f.hint : "");
  }

  function controlFor(path) {
    for (var n = path.length; n >= 0; n--) {
      var el = document.getElementById(fieldId(path.slice(0, n)));
      if (el) return el;
    }
    return null;
  }

  function showFindings(found) {
    var errors = root.querySelectorAll("[data-error-for]");
    var byPath = {};
    (found || []).forEach(function (f) {
      var el = controlFor(f.path);
      var key = el ? el.getAttribute("data-path") || el.id : "";
      (byPath[key] = byPath[key] || []).push(f);
    });
    Array.prototype.forEach.call(errors, function (p) {
      var key = p.getAttribute("data-error-for");
      var list = byPath[key] || [];
      var shown = list.filter(function () { return showAll || touched[key]; });
      var control = document.getElementById(fieldId(JSON.parse(key)));
      p.textContent = shown.map(errorText).join("\n");
      p.hidden = !shown.length;
      p.className = "jili-error" + (shown.length && shown.every(function (f) { return f.severity === "warning"; }) ? " jili-warning" : "");
      if (control && /^(INPUT|SELECT|TEXTAREA)$/.test(control.tagName)) {
        if (shown.some(function (f) { return f.severity === "error"; })) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
    });
  }

  function problems(found) { return (found || []).filter(function (f) { return f.severity === "error"; }); }

  function refresh() {
    var file = currentFile();
    var found = findings();
    showFindings(found);
    refs.previews.forEach(function (fn) { fn(); });
    var errs = problems(found);
    if (!file) {
      refs.path.textContent = "（请先选择" + (KIND === "application" ? "申报单位和措施" : "推荐单位和措施") + "）";
      refs.yaml.textContent = "";
      refs.status.textContent = "";
      refs.output.hidden = true;
      return;
    }
    refs.output.hidden = false;
    refs.path.textContent = file.path;
    refs.yaml.textContent = file.text;
    refs.status.textContent = errs.length ? "还有 " + errs.length + " 处需要改正，改正后才能下载或提交。" : "检查通过，可以提交。";
    refs.status.className = errs.length ? "jili-status-line jili-bad" : "jili-status-line jili-good";
    if (showAll) summarise(errs, false);
  }

  function summarise(errs, focus) {
    var box = refs.summary;
    box.innerHTML = "";
    if (!errs.length) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(h("h2", { text: "还有 " + errs.length + " 处需要改正", tabindex: "-1", id: "jili-summary-title" }));
    var list = h("ul", {});
    /* in the order of the form, not of the schema */
    var placed = errs.map(function (f) { return { f: f, el: controlFor(f.path) }; });
    placed.sort(function (a, b) {
      if (!a.el || !b.el) return a.el ? -1 : b.el ? 1 : 0;
      return a.el === b.el ? 0 : a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    placed.forEach(function (x) {
      var f = x.f, el = x.el;
      var item = h("li", {});
      if (el) {
        item.appendChild(h("a", { href: "#" + el.id, text: errorText(f), on: { click: function (e) { e.preventDefault(); el.focus(); } } }));
      } else item.textContent = errorText(f);
      list.appendChild(item);
    });
    box.appendChild(list);
    if (focus) document.getElementById("jili-summary-title").focus();
  }

  function ready() {
    showAll = true;
    var found = findings();
    refresh();
    var errs = problems(found);
    summarise(errs, true);
    return errs.length === 0 ? currentFile() : null;
  }

  function download() {
    var file = ready();
    if (!file) return;
    var blob = new Blob([file.text], { type: "text/yaml;charset=utf-8" });
    var link = h("a", { href: URL.createObjectURL(blob), download: file.path.split("/").pop() });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    announce("已下载 " + file.path.split("/").pop() + "：提交时放在 " + file.path + "。");
  }

  function copy() {
    var file = ready();
    if (!file) return;
    writeClipboard(file.text, "已复制文件内容。");
  }

  function writeClipboard(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(done); }, function () { selectText(); });
    } else selectText();
  }

  function selectText() {
    var range = document.createRange();
    range.selectNodeContents(refs.yaml);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    announce("已选中文件内容，请按 Ctrl+C 复制。");
  }

  var LONG_URL = 8000;

  function openForge() {
    var file = ready();
    if (!file || !D.forge) return;
    var params = new URLSearchParams();
    params.set(D.forge.path_param, file.path);
    var withContent = D.forge.content_param && encodeURIComponent(file.text).length + D.forge.base.length < LONG_URL;
    if (withContent) params.set(D.forge.content_param, file.text);
    window.open(D.forge.base + "?" + params.toString(), "_blank", "noopener");
    if (!withContent) writeClipboard(file.text, "已复制文件内容：在打开的页面中粘贴到编辑框，再提交。");
  }

  function announce(text) { refs.live.textContent = ""; setTimeout(function () { refs.live.textContent = text; }, 50); }

  /* --- opening an existing file ----------------------------------------------------------- */

  function withYaml(then) {
    if (window.jsyaml) { then(); return; }
    var script = document.createElement("script");
    script.src = root.getAttribute("data-yaml-script");
    script.onload = then;
    script.onerror = function () { announce("无法加载读取文件所需的脚本。"); };
    document.head.appendChild(script);
  }

  function fromFile(data) {
    /* an existing file's values, as far as the form can hold them */
    var s = blankState();
    if (KIND === "application") {
      s.applicant = String(data.applicant || "");
      s.measure = data.measure ? String(data.measure) : "";
      s.subunits = (data.nominees || []).filter(function (n) { return n && n.parent; }).map(function (n) { return String(n.name); });
      s.self_assessment = String(data.self_assessment || "");
      if (Array.isArray(data.experiences) && data.experiences.length) {
        s.experiences = data.experiences.map(function (e) { return { title: String((e && e.title) || ""), body: String((e && e.body) || "") }; });
      }
      s.evidence = (data.evidence || []).map(function (e) {
        var file = String(e.file || "");
        return e.url ? { title: String(e.title || ""), type: "url", url: String(e.url), file: "", size: null }
          : { title: String(e.title || ""), type: "file", url: "", file: file.replace(/^附件\//, ""), size: null };
      });
      var c = data.contact || {};
      s.contact = { unit: String(c.unit || ""), person: String(c.person || ""), phone: String(c.phone || ""), email: String(c.email || "") };
      if (data.filed) s.filed = String(data.filed instanceof Date ? data.filed.toISOString().slice(0, 10) : data.filed);
    } else {
      s.sender = String(data.sender || "");
      s.measure = data.measure ? String(data.measure) : "";
      s.method = String(data.method || "");
      s.note = String(data.note || "");
      if (data.sent) s.sent = String(data.sent instanceof Date ? data.sent.toISOString().slice(0, 10) : data.sent);
      (data.categories || []).forEach(function (c) {
        var ranked = (c.entries || []).some(function (e) { return e.rank; });
        if (ranked) s.ranked[c.level] = true;
        var entries = (c.entries || []).slice().sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); });
        entries.forEach(function (e) {
          var unitName = (byId(D.applicants, e.applicant) || { name: String(e.applicant) }).name;
          var name = e.nominee ? String(e.nominee) : unitName;
          s.picked.push({ key: e.applicant + "\u0000" + name, applicant: String(e.applicant), name: name, level: c.level, subunit: !!e.nominee, reason: String(e.reason || "") });
        });
      });
    }
    return s;
  }

  function loadText(text) {
    withYaml(function () {
      var data;
      try {
        data = window.jsyaml.load(text, { schema: window.jsyaml.JSON_SCHEMA });
      } catch (e) {
        /* js-yaml words its reasons in English: say where, in Chinese, and leave why to jili validate */
        var mark = e.mark || {};
        var at = typeof mark.line === "number" ? "第 " + (mark.line + 1) + " 行第 " + (mark.column + 1) + " 列附近" : "";
        refs.loadError.textContent = "读不懂这个文件：" + at + "有 YAML 语法错误（运行 jili validate 可以看到原因和改法）。请先改正，或重新填写。";
        refs.loadError.hidden = false;
        return;
      }
      if (!data || typeof data !== "object") {
        refs.loadError.textContent = "这不是一份" + (KIND === "application" ? "申报材料" : "激励推荐名单") + "。";
        refs.loadError.hidden = false;
        return;
      }
      refs.loadError.hidden = true;
      state = fromFile(data);
      touched = {};
      showAll = true;
      rebuild(KIND === "application" ? "jili-f-applicant" : "jili-f-sender");
      announce("已载入文件，请核对各项内容。");
    });
  }

  /* --- assembling the page ---------------------------------------------------------------- */

  var body;

  function changed() { saveDraft(); refresh(); }

  function rebuild(focusId) {
    saveDraft();
    serial = 0; /* the same form gets the same ids, so focus can return to where it was */
    refs.previews = [];
    body.innerHTML = "";
    if (KIND === "application") buildApplication(body); else buildRecommendation(body);
    refresh();
    [].concat(focusId || []).some(function (id) {
      var el = document.getElementById(id);
      if (el) el.focus();
      return !!el;
    });
  }

  function start() {
    root.innerHTML = "";
    refs.previews = [];
    var tools = h("details", { className: "jili-tools" }, h("summary", { text: "打开已有文件" }));
    var pasteId = uid("paste");
    var paste = h("textarea", { id: pasteId, rows: 6 });
    var fileId = uid("open");
    var opener = h("input", { type: "file", id: fileId, accept: ".yaml,.yml,text/yaml,text/plain" });
    refs.loadError = h("p", { className: "jili-error", role: "alert", hidden: true });
    opener.addEventListener("change", function () {
      var f = opener.files && opener.files[0];
      if (!f) return;
      f.text().then(loadText);
    });
    tools.appendChild(h("div", { className: "jili-field" }, h("label", { "for": fileId, text: "打开本机上的文件" }), opener));
    tools.appendChild(h("div", { className: "jili-field" }, h("label", { "for": pasteId, text: "或粘贴文件内容" }), paste,
      button("载入粘贴的内容", function () { loadText(paste.value); })));
    tools.appendChild(refs.loadError);
    root.appendChild(tools);

    body = h("div", { className: "jili-form-body" });
    root.appendChild(body);

    refs.summary = h("div", { className: "jili-summary", role: "alert", hidden: true });
    refs.live = h("p", { className: "jili-live", role: "status", "aria-live": "polite" });
    refs.path = h("code", {});
    refs.yaml = h("pre", { className: "jili-yaml", tabindex: "0", "aria-label": "生成的文件内容" });
    refs.status = h("p", { className: "jili-status-line", "aria-live": "polite" });
    var buttons = h("div", { className: "jili-buttons" },
      button("下载文件", download, { id: "jili-download", className: "md-button md-button--primary" }),
      button("复制内容", copy, { id: "jili-copy" }),
      D.forge ? button("在 " + D.forge.name + " 上新建这个文件", openForge, { id: "jili-forge" }) : null,
      button("清除草稿，重新填写", function () {
        if (!window.confirm("清除本页填写的全部内容？")) return;
        try { window.localStorage.removeItem(DRAFT_KEY); } catch (e) { /* nothing kept */ }
        state = blankState(); touched = {}; showAll = false; refs.summary.hidden = true;
        rebuild(KIND === "application" ? "jili-f-applicant" : "jili-f-sender");
      }, { id: "jili-clear" }));
    var forgeNote = D.forge && !D.forge.content_param
      ? h("p", { className: "jili-hint", text: D.forge.name + " 的新建文件页面只接受文件路径：打开后把复制的内容粘贴到编辑框。" }) : null;
    refs.output = h("section", { className: "jili-section jili-output", "aria-labelledby": "jili-output-title", hidden: true },
      h("h2", { id: "jili-output-title", text: "生成的文件" }),
      h("p", {}, "提交时放在仓库的这个位置：", refs.path),
      refs.status, buttons, forgeNote,
      h("details", { className: "jili-yaml-box" }, h("summary", { text: "查看文件内容" }), refs.yaml));
    root.appendChild(refs.summary);
    root.appendChild(refs.output);
    root.appendChild(refs.live);

    var draft = loadDraft();
    if (draft) { state = draft; announce("已恢复上次填写的草稿。"); }
    rebuild(null);
  }

  /* what tests and the console may call: the renderer and the checks, nothing else */
  window.jiliForm = {
    render: render, check: check, richHtml: richHtml, state: function () { return state; },
    file: currentFile, doc: currentDoc
  };
  start();
  /* when the form became usable (benchmarks/forms.py reads it) */
  if (window.performance && performance.mark) performance.mark("jili-form-ready");
})();
