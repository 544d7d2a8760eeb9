"""The forms in Chromium, on the demo site: a clerk who has never seen YAML fills the
application form (a township nominee of measure 1) and a department fills the recommendation
form; each downloads a file that is byte for byte what `jili new` writes with the same values,
and that `jili validate --demo` accepts unchanged where the form says to put it. A level the
measure does not name cannot be chosen; a bad phone and a missing field show CI's message,
announced to screen readers, and block the download; a draft survives a reload; the form can
be completed with the keyboard alone; no request leaves the site; axe finds nothing serious."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import attachments
from generator.cli import main
from generator.codes import CODES
from generator.repository import Repository
from generator.scaffold import _level_examples, new_application, new_recommendation
from generator.validate import Checker, Options

from ..conftest import REPO, copy_repository, overlay

APPLICATION = "forms/2021/application.html"
RECOMMENDATION = "forms/2021/recommendation.html"

SELF = "全年推进有力，成效明显：\n\n- 建立防止返贫监测机制；\n- 衔接资金全部拨付到位。"
EXPERIENCE = ("“一户一策”帮扶法", "  开头有空格的一段\n第二行写“引号”和 \\ 反斜杠")


@pytest.fixture(scope="module")
def checker():
    return Checker(Repository(REPO, demo=True), Options())


def _clean(watch) -> None:
    assert watch.errors == []
    assert watch.outside() == []


def _open(page, site_url, path):
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector("#jili-form select")


def _fill_application(page) -> dict:
    """Fill the form as a clerk would; returns the values for `jili new`."""
    page.select_option("#jili-f-applicant", "500101")
    page.select_option("#jili-f-measure", "1")
    page.get_by_label("龙都街道", exact=True).check()
    page.get_by_label("高峰街道", exact=True).check()
    page.fill("#jili-f-self_assessment", SELF)
    page.fill("#jili-f-experiences-0-title", EXPERIENCE[0])
    page.fill("#jili-f-experiences-0-body", EXPERIENCE[1])
    page.click("#jili-add-evidence")
    page.fill("#jili-f-evidence-0-title", "新闻报道")
    page.get_by_label("网页链接").check()
    page.fill("#jili-f-evidence-0-url", "https://example.com/news?id=1")
    page.fill("#jili-f-contact-unit", "万州区人民政府办公室")
    page.fill("#jili-f-contact-person", "王明")
    page.fill("#jili-f-contact-phone", "023-60009999")
    page.fill("#jili-f-filed", "2022-01-20")
    return {
        "subunits": ["龙都街道", "高峰街道"] if _order(page) else ["高峰街道", "龙都街道"],
        "self_assessment": SELF,
        "experiences": [{"title": EXPERIENCE[0], "body": EXPERIENCE[1]}],
        "evidence": [{"title": "新闻报道", "url": "https://example.com/news?id=1", "file": None}],
        "contact": {"unit": "万州区人民政府办公室", "person": "王明", "phone": "023-60009999", "email": ""},
        "filed": "2022-01-20",
    }


def _order(page) -> bool:
    """Townships are written in the registry's order, whatever order they were ticked in."""
    names = page.evaluate("jiliForm.state().subunits")
    return names.index("龙都街道") < names.index("高峰街道")


def _download(page, tmp_path: Path, name: str) -> str:
    with page.expect_download() as info:
        page.click("#jili-download")
    target = tmp_path / name
    info.value.save_as(target)
    return target.read_text("utf-8")


def _validate_demo(tmp_path: Path, path: str, text: str, capsys) -> tuple[int, str]:
    """`jili validate --demo` on a copy of the repository with the file placed at `path`."""
    root = copy_repository(tmp_path / "repo")
    overlay(REPO / "examples", root / "examples")
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    code = main(["validate", "--root", str(root), "--demo"])
    return code, capsys.readouterr().out


def test_application_form_writes_what_jili_new_writes_and_ci_accepts_it(watched, site_url, checker, tmp_path,
                                                                          capsys):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    filled = _fill_application(page)
    assert page.locator(".jili-status-line").inner_text() == "检查通过，可以提交。"
    shown_path = page.locator("#jili-output-title ~ p code").inner_text()
    text = _download(page, tmp_path, "01.yaml")
    expected = new_application(checker, 2021, 1, "500101", filled=filled)
    assert shown_path == expected.path == "submissions/2021/500101/01.yaml"
    assert text == expected.text
    assert 'name: "龙都街道"\n    parent: "500101"' in text
    code, out = _validate_demo(tmp_path, shown_path, text, capsys)
    assert code == 0, out
    _clean(watch)


def test_levels_the_measure_does_not_name_cannot_be_chosen(watched, site_url):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    page.select_option("#jili-f-applicant", "500101")
    page.select_option("#jili-f-measure", "3")  # 区县、国家级开发开放平台
    assert page.locator("#jili-f-nominees input[type=checkbox]").count() == 0
    assert "不含乡镇（街道），只能以万州区名义申报" in page.locator("#jili-form").inner_text()
    page.select_option("#jili-f-applicant", "liangjiang-new-area")
    offered = page.eval_on_selector_all("#jili-f-measure option", "os => os.map(o => o.value).filter(Boolean)")
    assert "1" not in offered and "19" not in offered and "3" in offered  # 1, 19: 区县、乡镇（街道） only
    page.select_option("#jili-f-measure", "2")
    assert page.locator("#jili-f-nominees").count() == 0
    assert "国家级开发开放平台：两江新区" in page.locator("#jili-form").inner_text()
    _clean(watch)


def test_bad_phone_and_missing_field_show_cis_message_and_block_the_download(watched, site_url, tmp_path, capsys):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    _fill_application(page)
    page.fill("#jili-f-contact-person", "")
    page.fill("#jili-f-contact-phone", "12345")
    page.locator("#jili-f-contact-phone").blur()
    phone_error = page.locator("#jili-f-contact-phone-error")
    # the same code and words `jili validate` gives the file the form would write
    written = page.evaluate("jiliForm.file()")
    expected = _messages(tmp_path, written["path"], written["text"], capsys)
    assert expected["S005"].startswith("“联系电话（contact.phone）”的值“12345”格式不对")
    assert phone_error.inner_text().startswith("[S005] " + expected["S005"])
    assert page.get_attribute("#jili-f-contact-phone", "aria-invalid") == "true"
    assert "jili-f-contact-phone-error" in page.get_attribute("#jili-f-contact-phone", "aria-describedby")
    assert page.get_attribute("#jili-f-contact-phone-error", "aria-live") == "polite"
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#jili-download")
    summary = page.locator(".jili-summary")
    assert summary.get_attribute("role") == "alert" and summary.is_visible()
    assert "[S006] " + expected["S006"] in summary.inner_text()
    assert "[S006] " + expected["S006"] in page.locator("#jili-f-contact-person-error").inner_text()
    assert page.evaluate("document.activeElement.id") == "jili-summary-title"
    page.wait_for_timeout(300)
    assert downloads == []
    # a mobile number is CI's warning (A013): shown, but the file may be downloaded
    page.fill("#jili-f-contact-person", "王明")
    page.fill("#jili-f-contact-phone", "13800001234")
    assert "[A013] 联系电话是手机号" in phone_error.inner_text()
    _download(page, tmp_path, "mobile.yaml")
    # an invisible character pasted from a web page (Y013), worded as CI words it
    page.fill("#jili-f-experiences-0-title", "一户一策\u200b帮扶法")
    page.locator("#jili-f-experiences-0-title").blur()
    written = page.evaluate("jiliForm.file()")
    said = _messages(tmp_path / "y013", written["path"], written["text"], capsys)
    assert said["Y013"] == "这里有一个不可见的零宽空格（U+200B）：屏幕上看不见它，它却会改变文字的显示或让文件被误读"
    assert page.locator("#jili-f-experiences-0-title-error").inner_text().startswith("[Y013] " + said["Y013"])
    page.fill("#jili-f-experiences-0-title", EXPERIENCE[0])
    # an attachment of a type CI refuses (F005), and the allowed types stated
    page.get_by_label("附件", exact=True).check()
    page.fill("#jili-f-evidence-0-file", "总结.exe")
    page.locator("#jili-f-evidence-0-file").blur()
    f005 = CODES["F005"].message.format(name="总结.exe", suffix=".exe", types=attachments.allowed_text())
    assert page.locator("#jili-f-evidence-0-file-error").inner_text().startswith("[F005] " + f005)
    assert attachments.allowed_text() in page.locator("#jili-form").inner_text()
    _clean(watch)


def _messages(tmp_path: Path, path: str, text: str, capsys) -> dict[str, str]:
    """{code: message} of what `jili validate` says about `text` placed at `path`."""
    root = copy_repository(tmp_path / "said")
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    main(["validate", "--root", str(root), "--format", "json", "--now", "2022-01-20T10:00+08:00", str(target)])
    return {d["code"]: d["message"] for d in json.loads(capsys.readouterr().out)}


def test_recommendation_form_blocks_a_missing_field_and_keeps_its_draft(watched, site_url, tmp_path, capsys):
    page, watch = watched
    _open(page, site_url, RECOMMENDATION)
    page.select_option("#jili-f-sender", "emergency-management")
    page.select_option("#jili-f-measure", "26")  # 区县、国家级开发开放平台: no township can be picked
    legends = page.eval_on_selector_all(".jili-choices legend", "ls => ls.map(l => l.textContent)")
    assert legends == ["区县", "国家级开发开放平台"]
    page.locator(".jili-choices input[type=checkbox]").first.check()
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#jili-download")  # no review method yet
    written = page.evaluate("jiliForm.file()")
    root = copy_repository(tmp_path / "said")
    target = root / written["path"]
    target.parent.mkdir(parents=True)
    target.write_text(written["text"], "utf-8")
    main(["validate", "--root", str(root), "--format", "json", "--now", "2022-03-20T10:00+08:00", str(target)])
    said = {d["code"]: d["message"] for d in json.loads(capsys.readouterr().out)}
    assert said["S006"] == "“评审方式（method）”不能为空"
    assert "[S006] " + said["S006"] in page.locator(".jili-summary").inner_text()
    assert page.get_attribute("#jili-f-method", "aria-invalid") == "true"
    page.wait_for_timeout(300)
    assert downloads == []
    page.fill("#jili-f-method", "部门评审")
    page.reload()
    page.wait_for_selector("#jili-f-method")
    assert page.input_value("#jili-f-method") == "部门评审"
    assert page.locator(".jili-choices input[type=checkbox]").first.is_checked()
    assert page.locator(".jili-status-line").inner_text() == "检查通过，可以提交。"
    _clean(watch)


def test_draft_survives_a_reload(watched, site_url):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    page.select_option("#jili-f-applicant", "500101")
    page.select_option("#jili-f-measure", "1")
    page.get_by_label("龙都街道", exact=True).check()
    page.fill("#jili-f-self_assessment", SELF)
    page.reload()
    page.wait_for_selector("#jili-f-self_assessment")
    assert page.input_value("#jili-f-applicant") == "500101"
    assert page.input_value("#jili-f-self_assessment") == SELF
    assert page.get_by_label("龙都街道", exact=True).is_checked()
    assert "已恢复上次填写的草稿" in page.locator(".jili-live").inner_text()
    _clean(watch)


def test_an_existing_application_can_be_opened_and_edited(watched, site_url):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    existing = (REPO / "examples/submissions/2021/500240/01.yaml").read_text("utf-8")
    page.click(".jili-tools summary")
    page.fill(".jili-tools textarea", existing)
    page.get_by_role("button", name="载入粘贴的内容").click()
    page.wait_for_function("jiliForm.state().applicant === '500240'")
    assert page.input_value("#jili-f-measure") == "1"
    assert page.get_by_label("中益乡", exact=True).is_checked()
    assert "已有申报材料" in page.locator("#jili-form").inner_text()
    _clean(watch)


def test_a_loaded_township_not_in_the_registry_is_shown_and_said_as_ci_says_it(watched, site_url, tmp_path, capsys):
    """A file opened in the form with a misspelt township (中益镇 for 中益乡) keeps it visible and
    ticked, so the clerk can untick it, and says what `jili validate` says of it (A010)."""
    page, watch = watched
    _open(page, site_url, APPLICATION)
    existing = (REPO / "examples/submissions/2021/500240/01.yaml").read_text("utf-8").replace("name: 中益乡", "name: 中益镇")
    page.click(".jili-tools summary")
    page.fill(".jili-tools textarea", existing)
    page.get_by_role("button", name="载入粘贴的内容").click()
    page.wait_for_function("jiliForm.state().applicant === '500240'")
    unknown = page.get_by_label("中益镇（名录中没有）", exact=True)
    assert unknown.is_checked()
    written = page.evaluate("jiliForm.file()")
    said = _messages(tmp_path, written["path"], written["text"], capsys)
    assert said["A010"] == "石柱土家族自治县（500240）在 2021 年没有名为“中益镇”的乡镇（街道）"
    assert "[A010] " + said["A010"] in page.locator("#jili-form").inner_text()
    assert page.locator(".jili-status-line").inner_text() != "检查通过，可以提交。"
    unknown.uncheck()
    page.get_by_label("中益乡", exact=True).check()
    assert "[A010]" not in page.locator("#jili-form").inner_text()
    assert "name: 中益镇" not in page.evaluate("jiliForm.file()")["text"]
    _clean(watch)


def _tab_to(page, element_id: str, limit: int = 400) -> None:
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_form_can_be_completed_with_the_keyboard_alone(watched, site_url, tmp_path):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    page.locator("body").focus()
    _tab_to(page, "jili-f-applicant")
    page.keyboard.press("ArrowDown")  # the first unit: 万州区, in code order
    page.wait_for_function("jiliForm.state().applicant === '500101'", timeout=5000)
    _tab_to(page, "jili-f-measure")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("jiliForm.state().measure === '1'", timeout=5000)
    _tab_to(page, page.get_by_label("龙都街道", exact=True).get_attribute("id"))
    page.keyboard.press("Space")
    for field, value in (("jili-f-self_assessment", SELF), ("jili-f-experiences-0-title", EXPERIENCE[0]),
                         ("jili-f-experiences-0-body", "正文"), ("jili-f-contact-unit", "万州区人民政府办公室"),
                         ("jili-f-contact-person", "王明"), ("jili-f-contact-phone", "023-60009999")):
        _tab_to(page, field)
        page.keyboard.insert_text(value)
    _tab_to(page, "jili-download")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    target = tmp_path / "keyboard.yaml"
    info.value.save_as(target)
    assert 'name: "龙都街道"' in target.read_text("utf-8")
    _clean(watch)


def test_recommendation_form_writes_what_jili_new_writes_and_ci_accepts_it(watched, site_url, checker, tmp_path,
                                                                            capsys):
    page, watch = watched
    _open(page, site_url, RECOMMENDATION)
    page.select_option("#jili-f-sender", "emergency-management")
    page.select_option("#jili-f-measure", "26")
    boxes = page.locator(".jili-choices input[type=checkbox]")
    assert boxes.count() == 2  # the two sample applications to measure 26: a 区县 and a platform
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("checkbox", name="按名次排列").first.check()
    reasons = page.locator("input[id^='jili-f-categories-']")
    for i in range(reasons.count()):
        reasons.nth(i).fill(f"推荐理由{i + 1}")
    page.fill("#jili-f-method", "部门评审，结合日常督查情况")
    page.fill("#jili-f-sent", "2022-03-20")
    assert page.locator(".jili-status-line").inner_text() == "检查通过，可以提交。"
    state = page.evaluate("jiliForm.state()")
    text = _download(page, tmp_path, "emergency-management.yaml")
    expected = new_recommendation(checker, 2021, 26, "emergency-management", filled=_filled_list(checker, 26, state))
    assert page.locator("#jili-output-title ~ p code").inner_text() == expected.path
    assert text == expected.text
    assert text.count("rank: 1") == 1 and 'reason: "推荐理由1"' in text
    code, out = _validate_demo(tmp_path, expected.path, text, capsys)
    assert code == 0, out
    # a list with a township: the same file as `jili new` again (categories in the measure's order)
    page.select_option("#jili-f-sender", "rural-revitalization")
    page.select_option("#jili-f-measure", "1")
    page.get_by_role("checkbox", name="中益乡（石柱土家族自治县）", exact=True).check()
    page.get_by_role("checkbox", name="花田乡（酉阳土家族苗族自治县）", exact=True).check()
    page.get_by_role("checkbox", name="石柱土家族自治县", exact=True).check()
    page.get_by_role("checkbox", name="按名次排列").last.check()
    page.get_by_role("button", name="下移 中益乡（石柱土家族自治县）").click()  # 花田乡 first, then 中益乡
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "上移 中益乡（石柱土家族自治县）"
    page.fill("#jili-f-method", "部门评审")
    state = page.evaluate("jiliForm.state()")
    written = page.evaluate("jiliForm.file()")
    expected = new_recommendation(checker, 2021, 1, "rural-revitalization", filled=_filled_list(checker, 1, state))
    assert written["text"] == expected.text
    assert written["text"].index('nominee: "花田乡"') < written["text"].index('nominee: "中益乡"')
    assert 'nominee: "中益乡"  # 乡镇（街道）名称，须在该申报材料中\n        rank: 2' in written["text"]
    _clean(watch)


def _filled_list(checker, number: int, state: dict) -> dict:
    """The form's state as `jili new recommendation` values."""
    categories = []
    for level in _level_examples(checker, 2021, checker.measure(2021, number)):
        picked = [p for p in state["picked"] if p["level"] == level["label"]]
        if not picked:
            continue
        ranked = state["ranked"].get(level["label"], False)
        categories.append({**level, "entries": [
            {"applicant": p["applicant"], "nominee": p["name"] if p["subunit"] else None,
             "rank": i + 1 if ranked else None, "reason": p["reason"] or None} for i, p in enumerate(picked)]})
    return {"method": state["method"], "sent": state["sent"], "note": state["note"], "categories": categories}


@pytest.mark.parametrize("path", [APPLICATION, RECOMMENDATION])
@pytest.mark.parametrize("width", [390, 1366])
def test_forms_pass_axe_at_phone_and_desktop_width(watched, site_url, path, width):
    from axe_playwright_python.sync_playwright import Axe

    page, watch = watched
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, site_url, path)
    if path == APPLICATION:
        page.select_option("#jili-f-applicant", "500101")
        page.select_option("#jili-f-measure", "1")
        page.click("#jili-add-evidence")
    else:
        page.select_option("#jili-f-sender", "rural-revitalization")
        page.select_option("#jili-f-measure", "1")
        page.locator(".jili-choices input[type=checkbox]").first.check()
    page.click("#jili-download")  # every error shown, and the summary
    results = Axe().run(page)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {json.dumps([n['target'] for n in v['nodes']][:3])}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    _clean(watch)


#: Rich text the preview must show as the site does, besides every sample self-assessment and
#: experience: the constructs clerks use, and the ones that trip them (a list without a blank
#: line before it stays part of the paragraph, as W001 warns).
PREVIEW_CASES = (
    "甲乙\n丙丁\n\n- 一\n- 二\n\n1. 三\n2. 四",
    "**粗**和*斜*、`码`、[链](https://example.com/a)",
    "# 标题\n\n> 引用\n\n---\n\nabc\ndef",
    "主要做法：\n- 不是列表\n- 因为前面没有空行",
    "A & B “引号” <不是标签>",
)


def test_preview_shows_rich_text_as_the_site_does(watched, site_url):
    import yaml

    from generator.pagetext import rich_html
    from generator.yamltext import block_value

    page, watch = watched
    _open(page, site_url, APPLICATION)
    texts = list(PREVIEW_CASES)
    for path in sorted((REPO / "examples/submissions").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        texts += [data["self_assessment"], *(e["body"] for e in data["experiences"])]
    shown = page.evaluate("ts => ts.map(t => jiliForm.richHtml(t))", texts)
    differ = [(t, js, rich_html(block_value(t))) for t, js in zip(texts, shown) if js != rich_html(block_value(t))]
    assert differ == []
    # HTML is not allowed in rich text (schema/common.schema.json): the site strips it, the
    # preview shows it as text; either way nothing runs
    assert page.evaluate("jiliForm.richHtml('<script>x()</script>')") == "<p>&lt;script&gt;x()&lt;/script&gt;</p>"
    _clean(watch)


def test_form_works_from_disk(chromium, tmp_path):
    """Opened from file:// (a preview unzipped on a clerk's computer), the form still renders."""
    from .sites import demo_site

    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((demo_site() / APPLICATION).as_uri())
    page.wait_for_selector("#jili-form select")
    page.select_option("#jili-f-applicant", "500101")
    page.select_option("#jili-f-measure", "1")
    assert page.evaluate("jiliForm.file().path") == "submissions/2021/500101/01.yaml"
    assert errors == []
    context.close()


@pytest.mark.parametrize("repo_url", ["https://github.com/cq-jili/jili/blob/main/",
                                      "https://gitlab.example.gov.cn/cq/jili/-/blob/main/"])
def test_forge_button_opens_the_new_file_page_with_path_and_content(watched, site_url, repo_url):
    """With a repository address configured, the button opens the forge's new-file page: the
    address is the one generator/site/forge.py builds (the data is served as a build with
    JILI_REPO_URL would publish it; window.open is recorded, so nothing leaves the site)."""
    from generator.site import forge

    page, watch = watched
    target = forge.new_file(repo_url)

    def with_forge(route):
        body = route.fetch().text()
        head, _, data = body.partition("window.jiliFormData[2021]=")
        parsed = json.loads(data.rstrip().rstrip(";"))
        parsed["forge"] = target.as_dict()
        route.fulfill(body=head + "window.jiliFormData[2021]=" + json.dumps(parsed, ensure_ascii=False) + ";",
                      content_type="text/javascript; charset=utf-8")

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.route("**/forms/2021/data.js", with_forge)
    page.add_init_script("window.open = function (u) { window.__opened = u; return null; };")
    _open(page, site_url, APPLICATION)
    assert page.locator("#jili-forge").inner_text() == f"在 {target.name} 上新建这个文件"
    _fill_application(page)
    page.click("#jili-forge")
    written = page.evaluate("jiliForm.file()")
    opened = page.evaluate("window.__opened")
    if target.content_param:
        assert _query(opened) == _query(target.url(written["path"], written["text"]))
        assert opened.startswith(target.base + "?")
    else:  # GitLab takes the path only: the text is put on the clipboard or selected to copy
        assert opened == target.url(written["path"])
        page.wait_for_function("document.querySelector('.jili-live').textContent.includes('已复制文件内容')",
                               timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == written["text"]
    _clean(watch)


def _query(url: str) -> dict:
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    return {"base": parts._replace(query="").geturl(), **parse_qs(parts.query)}


def test_text_pasted_with_a_leading_tab_still_reads(watched, site_url):
    """Text pasted from a word processor often starts with a tab: libyaml, as CI reads the
    file, must get the same text back rather than a syntax error."""
    import yaml

    from generator.yamltext import block_value

    page, watch = watched
    _open(page, site_url, APPLICATION)
    page.select_option("#jili-f-applicant", "500101")
    page.select_option("#jili-f-measure", "26")
    page.fill("#jili-f-self_assessment", "\t首行缩进的一段\n第二行")
    page.fill("#jili-f-experiences-0-body", "\t经验做法正文")
    data = yaml.load(page.evaluate("jiliForm.file().text"), Loader=yaml.CSafeLoader)
    assert data["self_assessment"] == block_value("\t首行缩进的一段\n第二行")
    assert data["experiences"][0]["body"] == block_value("\t经验做法正文")
    _clean(watch)


def test_a_press_that_leaves_an_empty_field_is_not_lost(watched, site_url):
    """Leaving an empty field shows its message above the next control; a click on that control
    must still land (the message waits until the press is over)."""
    page, watch = watched
    _open(page, site_url, APPLICATION)
    page.select_option("#jili-f-applicant", "500101")
    page.select_option("#jili-f-measure", "26")
    page.click("#jili-add-evidence")
    assert page.evaluate("document.activeElement.id") == "jili-f-evidence-0-title"
    label = page.locator("label", has_text="网页链接")
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#jili-f-evidence-0-url")
    assert page.evaluate("jiliForm.state().evidence[0].type") == "url"
    page.wait_for_selector("#jili-f-evidence-0-title-error:not([hidden])")
    assert "[S006]" in page.inner_text("#jili-f-evidence-0-title-error")
    _clean(watch)


def test_a_file_that_does_not_read_is_named_in_chinese(watched, site_url):
    page, watch = watched
    _open(page, site_url, APPLICATION)
    existing = (REPO / "examples/submissions/2021/500240/01.yaml").read_text("utf-8")
    page.click(".jili-tools summary")
    page.fill(".jili-tools textarea", existing.replace("self_assessment: |", "self_assessment： |", 1))
    page.get_by_role("button", name="载入粘贴的内容").click()
    error = page.locator(".jili-tools .jili-error")
    error.wait_for(state="visible")
    text = error.inner_text()
    line = existing.splitlines().index(next(x for x in existing.splitlines() if x.startswith("self_assessment")))
    assert text.startswith("读不懂这个文件：第 ")
    assert "行第 " in text and "列附近有 YAML 语法错误" in text
    import re

    assert set(re.findall(r"[A-Za-z]+", text)) == {"YAML", "jili", "validate"}
    assert int(re.search(r"第 (\d+) 行", text).group(1)) >= line
    _clean(watch)
