/* Refreshes milestone statuses in the reader's browser, so a page built last week is not
   wrong today. Mirrors generator/site/status.py (judge, current_step, next_deadline,
   days_left); the page is complete without it. Runs locally, requests nothing. */
(function () {
  "use strict";
  var LABEL = { done: "已结束", open: "进行中", upcoming: "未开始", overdue: "已逾期" };
  var DAY = 86400000;
  var BEIJING = 8 * 3600000;

  function judge(start, end, missing, delivered, now, closed) {
    if (closed) return "done";
    if (end === null) {
      if (delivered) return "done";
      return now >= start ? "open" : "upcoming";
    }
    if (now < start) return "upcoming";
    if (now < end) return "open";
    return missing ? "overdue" : "done";
  }

  function daysLeft(end, now) {
    var endDay = Math.floor((end + BEIJING) / DAY);
    var today = Math.floor((now + BEIJING) / DAY);
    return endDay - today - 1;
  }

  function leftText(days) {
    return days === 0 ? "今天截止" : "还剩 " + days + " 天";
  }

  function refreshTable(table, now) {
    var rows = table.querySelectorAll("[data-jili-milestone]");
    var found = [];
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var start = Date.parse(row.getAttribute("data-jili-start"));
      var endText = row.getAttribute("data-jili-end");
      var end = endText ? Date.parse(endText) : null;
      if (isNaN(start) || (end !== null && isNaN(end))) continue;
      var status = judge(start, end, row.getAttribute("data-jili-missing") === "1",
        row.getAttribute("data-jili-done") === "1", now, row.getAttribute("data-jili-closed") === "1");
      var badge = row.querySelector("[data-jili-status]");
      if (badge) {
        badge.textContent = LABEL[status];
        badge.className = "jili-status jili-status--" + status;
      }
      var left = row.querySelector("[data-jili-left]");
      if (left) left.textContent = status === "open" && end !== null ? "（" + leftText(daysLeft(end, now)) + "）" : "";
      /* what is late and whose: only beside an overdue status */
      var late = row.querySelector("[data-jili-late]");
      if (late) late.hidden = status !== "overdue";
      found.push({ row: row, status: status, end: end });
    }
    return found;
  }

  function refreshSummary(summary, found, now) {
    /* a round that is over says how it ended; the clock does not change that */
    if (summary.getAttribute("data-jili-closed") === "1") return;
    var current = null, next = null, i;
    for (i = 0; i < found.length && !current; i++) {
      if (found[i].row.getAttribute("data-jili-step") && found[i].status === "open") current = found[i];
    }
    for (i = 0; i < found.length && !current; i++) {
      if (found[i].row.getAttribute("data-jili-step") && found[i].status === "upcoming") current = found[i];
    }
    for (i = 0; i < found.length; i++) {
      if (found[i].end !== null && found[i].end > now && (!next || found[i].end < next.end)) next = found[i];
    }
    var currentEl = summary.querySelector("[data-jili-current]");
    var nextEl = summary.querySelector("[data-jili-next]");
    if (currentEl) {
      currentEl.textContent = current
        ? current.row.getAttribute("data-jili-step") + "（" + current.row.getAttribute("data-jili-title") + "，" + LABEL[current.status] + "）"
        : "本年度各步骤均已结束";
    }
    if (nextEl) {
      nextEl.textContent = next
        ? next.row.getAttribute("data-jili-title") + "：" + next.row.getAttribute("data-jili-due") + "（" + leftText(daysLeft(next.end, now)) + "）"
        : "暂无";
    }
  }

  function refresh() {
    var now = Date.now();
    var tables = document.querySelectorAll(".jili-timeline");
    for (var i = 0; i < tables.length; i++) {
      var found = refreshTable(tables[i], now);
      var before = tables[i].previousElementSibling;
      if (before && before.hasAttribute("data-jili-summary")) refreshSummary(before, found, now);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
