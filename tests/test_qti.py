"""Canvas QTI 1.2, QTI 2.1 and Common Cartridge packages: schema-valid, Canvas's rules, and read back whole."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import POINT_PER_BLANK, loaded
from lms_bank import errors, expected, html_text, squash, unzip
from lxml import etree

from quizgen.build import build
from quizgen.writers import cc, lms, qti

Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
Q21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CANVAS_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_TYPES = {v: k for k, v in qti.QUESTION_TYPES.items() if k != "order"}  # order items are matching there
CC_TYPES = {"cc.multiple_choice.v0p1": "mcq", "cc.multiple_response.v0p1": "multi", "cc.true_false.v0p1": "tf"}
# The Canvas manifest against the CC 1.1 profile: exactly these deviations, as Canvas exports it (qti.md §1).
CANVAS_MANIFEST_DEVIATIONS = (
    "schema': [facet 'enumeration'] The value 'IMS Content'",
    "schemaversion': [facet 'enumeration'] The value '1.1.3'",
    "{http://www.imsglobal.org/xsd/imsmd_v1p2}lom': This element is not expected",
    "attribute 'type': [facet 'enumeration'] The value 'imsqti_xmlv1p2'",
)


def build_to(course_dir: Path, out: Path, formats: list[str]):
    return build(course_dir, out, formats, force=True)


@pytest.fixture(params=["sample_course", "unicode_course", "example_course"])
def course_dir(request) -> Path:
    if request.param == "example_course" and not (Path(__file__).resolve().parent.parent / "items").is_dir():
        pytest.skip("the example course (items/) is not in this checkout")
    return request.getfixturevalue(request.param)


# --- Canvas QTI 1.2 ---------------------------------------------------------------------------------------


def canvas_assessment(files: dict[str, bytes]) -> tuple[str, etree._Element]:
    """The path and root of the assessment the manifest names."""
    manifest = etree.fromstring(files["imsmanifest.xml"])
    resource = manifest.find(f".//{{{CANVAS_CP}}}resource[@type='imsqti_xmlv1p2']")
    href = resource.find(f"{{{CANVAS_CP}}}file").get("href")
    return href, etree.fromstring(files[href])


def mattext(parent: etree._Element) -> str:
    """The text a mattext shows: HTML (escaped once in the XML) rendered to text, or plain text."""
    node = parent.find(f".//{Q12}mattext")
    if node.get("texttype") == "text/html":
        assert len(node) == 0, "HTML in mattext must be escaped text, not XML elements"
        return html_text(node.text)
    return squash(node.text or "")


def scoring(item: etree._Element) -> list[etree._Element]:
    return [c for c in item.iter(f"{Q12}respcondition") if c.find(f"{Q12}setvar") is not None]


def read_canvas_item(item: etree._Element) -> dict:
    """type, prompt, options, answer, points and feedback of one Canvas item."""
    meta = {f.findtext(f"{Q12}fieldlabel"): f.findtext(f"{Q12}fieldentry") for f in item.iter(f"{Q12}qtimetadatafield")}
    kind = CANVAS_TYPES[meta["question_type"]]
    presentation = item.find(f"{Q12}presentation")
    record = {"type": kind, "prompt": mattext(presentation.find(f"{Q12}material")), "options": [], "answer": None}
    record["points"] = float(meta["points_possible"])
    labels = {
        label.get("ident"): mattext(label)
        for label in presentation.iter(f"{Q12}response_label")
        if label.find(f"{Q12}material") is not None
    }
    conditions = scoring(item)
    if kind in ("mcq", "multi", "tf"):
        record["options"] = list(labels.values())
        [condition] = conditions
        correct = [v.text for v in condition.iter(f"{Q12}varequal") if v.getparent().tag != f"{Q12}not"]
        record["answer"] = sorted(labels[i] for i in correct)
    elif kind == "short":
        [condition] = conditions
        record["answer"] = sorted({squash(v.text) for v in condition.iter(f"{Q12}varequal")})
    elif kind == "numeric":
        [condition] = conditions
        value = Decimal(condition.findtext(f".//{Q12}varequal"))
        low, high = condition.findtext(f".//{Q12}vargte"), condition.findtext(f".//{Q12}varlte")
        record["answer"] = (value, (Decimal(high) - Decimal(low)) / 2 if low else Decimal(0))
    elif kind == "match":
        lefts = {r.get("ident"): mattext(r.find(f"{Q12}material")) for r in presentation.iter(f"{Q12}response_lid")}
        record["answer"] = [
            (lefts[v.get("respident")], labels[v.text]) for c in conditions for v in c.iter(f"{Q12}varequal")
        ]
    elif kind == "cloze":
        text, accepted = record["prompt"], {}
        for condition in conditions:
            varequal = condition.find(f".//{Q12}varequal")
            blank = varequal.get("respident").removeprefix("response_")
            text = text.replace(f"[{blank}]", f"«{labels[varequal.text]}»")  # the first condition: the shown answer
            accepted.setdefault(blank, []).append(labels[varequal.text])
        record["prompt"] = text
        record["answer"] = [sorted(a) for a in accepted.values()]
    feedback = {f.get("ident"): mattext(f) for f in item.iter(f"{Q12}itemfeedback")}
    record["feedback"] = feedback["general_fb"]
    record["why"] = {}
    for condition in item.iter(f"{Q12}respcondition"):  # per-answer feedback: a condition on the answer shows it
        shown, chosen = condition.find(f"{Q12}displayfeedback"), condition.find(f"{Q12}conditionvar/{Q12}varequal")
        if shown is not None and chosen is not None:
            record["why"][labels[chosen.text]] = feedback[shown.get("linkrefid")]
    return record


def as_order(record: dict) -> dict:
    """A Canvas matching question read back as the ordering item it stands for: the steps in the order of their
    places (which must not be the order the steps are listed in)."""
    assert record["type"] == "match" and [right for _, right in sorted(record["answer"], key=lambda p: int(p[1]))]
    places = [int(right) for _, right in record["answer"]]
    assert sorted(places) == list(range(1, len(places) + 1)) and places != sorted(places), places
    steps = [left for left, _ in sorted(record["answer"], key=lambda pair: int(pair[1]))]
    return {**record, "type": "order", "answer": steps}


def in_package_order(plan, carried: list, found: list[str], name: str = "{}") -> list:
    """The carried items in the order a package lists them: bank order, or, for a quiz with pools, pool by pool (each
    in bank order; see test_pools); an item the package lacks stays last, for the caller's comparison to fail on."""
    if not plan.quiz.pools:
        return carried
    where = {entry: n for n, entry in enumerate(found)}
    return sorted(carried, key=lambda i: where.get(name.format(i.id), len(found)))


def test_canvas_package_validates_and_reads_back_whole(course_dir: Path, tmp_path: Path) -> None:
    course, plans = loaded(course_dir)
    build_to(course_dir, tmp_path / "out", ["qti"])
    for plan in plans:
        files = unzip((tmp_path / "out" / "qti" / f"{plan.quiz.id}.zip").read_bytes())
        href, assessment = canvas_assessment(files)
        assert errors("qti12/ims_qtiasiv1p2p1.xsd", files[href]) == []
        items = {i.get("title"): read_canvas_item(i) for i in assessment.iter(f"{Q12}item")}
        carried = in_package_order(plan, [i for i in plan.items if i.type != "card"], list(items))
        assert list(items) == [i.id for i in carried]  # bank order, nothing added, nothing lost
        for item in carried:
            got = as_order(items[item.id]) if item.type == "order" else items[item.id]
            assert got == expected(course, item, plan.points_of(item)), item.id


def test_canvas_manifest_deviates_only_where_canvas_does(sample_course: Path, tmp_path: Path) -> None:
    build_to(sample_course, tmp_path / "out", ["qti"])
    files = unzip((tmp_path / "out" / "qti" / "sample-quiz.zip").read_bytes())
    manifest = files["imsmanifest.xml"]
    as_cp = manifest.replace(CANVAS_CP.encode(), b"http://www.imsglobal.org/xsd/imscp_v1p1")
    assert errors("cp/imscp_v1p1.xsd", as_cp) == []  # CP core: valid
    found = errors("cc11/ccv1p1_imscp_v1p2_v1p0.xsd", manifest)
    assert len(found) == len(CANVAS_MANIFEST_DEVIATIONS)
    for message, deviation in zip(found, CANVAS_MANIFEST_DEVIATIONS, strict=True):
        assert deviation in message


def test_canvas_rules(course_dir: Path, tmp_path: Path) -> None:
    course, plans = loaded(course_dir)
    build_to(course_dir, tmp_path / "out", ["qti"])
    for plan in plans:
        files = unzip((tmp_path / "out" / "qti" / f"{plan.quiz.id}.zip").read_bytes())
        aid = qti.assessment_ident(course, plan)
        assert aid == f"qg_{course.id}_{plan.quiz.id}"
        # assessment_meta.xml at <assessment ident>/, listed by a learning-application-resource the quiz depends on
        manifest = etree.fromstring(files["imsmanifest.xml"])
        resources = {r.get("identifier"): r for r in manifest.iter(f"{{{CANVAS_CP}}}resource")}
        quiz_resource = resources[aid]
        [dependency] = quiz_resource.findall(f"{{{CANVAS_CP}}}dependency")
        meta_resource = resources[dependency.get("identifierref")]
        assert meta_resource.get("type").endswith("learning-application-resource")
        assert [f.get("href") for f in meta_resource] == [f"{aid}/assessment_meta.xml"]
        meta = etree.fromstring(files[f"{aid}/assessment_meta.xml"])
        cccv = "{http://canvas.instructure.com/xsd/cccv1p0}"
        assert meta.get("identifier") == aid
        assert meta.findtext(f"{cccv}title") == plan.quiz.title
        assert meta.findtext(f"{cccv}shuffle_answers") == ("true" if plan.quiz.shuffle else "false")
        assert meta.findtext(f"{cccv}show_correct_answers") == "true"
        carried = [i for i in plan.items if i.type != "card"]
        worth = plan.points_possible if plan.quiz.pools else sum(plan.points_of(i) for i in carried)  # pools: a draw
        assert float(meta.findtext(f"{cccv}points_possible")) == worth
        if plan.quiz.time_limit:
            assert meta.findtext(f"{cccv}time_limit") == str(plan.quiz.time_limit)
        _, assessment = canvas_assessment(files)
        assert assessment.find(f"{Q12}assessment").get("ident") == aid
        idents, answer_ids = [], []
        for node in assessment.iter(f"{Q12}item"):
            item = next(i for i in carried if i.id == node.get("title"))
            idents.append(node.get("ident"))
            assert node.get("ident") == f"{aid}_{item.id}"
            fields = [f.findtext(f"{Q12}fieldlabel") for f in node.iter(f"{Q12}qtimetadatafield")]
            assert fields[:3] == ["question_type", "points_possible", "original_answer_ids"]
            entries = [f.findtext(f"{Q12}fieldentry") for f in node.iter(f"{Q12}qtimetadatafield")]
            answers = [a for a in dict(zip(fields, entries, strict=True))["original_answer_ids"].split(",") if a]
            answer_ids.extend(answers)
            check_scoring(item, node, answers)
        assert len(set(idents)) == len(idents) and len(set(answer_ids)) == len(answer_ids)


def check_scoring(item, node: etree._Element, answers: list[str]) -> None:
    """One scoring condition path per correct answer, SCORE set to 100 (or shared out by Add)."""
    conditions = scoring(node)
    labels = [label.get("ident") for label in node.iter(f"{Q12}response_label")]
    payload = item.payload
    if item.type in ("mcq", "tf"):
        [condition] = conditions
        assert [v.text for v in condition.iter(f"{Q12}varequal")] == [
            a for a, o in zip(answers, options_of(item), strict=True) if o
        ]
        assert condition.findtext(f"{Q12}setvar") == "100" and condition.get("continue") == "No"
    if item.type == "tf":
        assert [mattext(label) for label in node.iter(f"{Q12}response_label")] == ["True", "False"]
    if item.type == "multi":
        [condition] = conditions
        [both] = condition.find(f"{Q12}conditionvar")
        assert both.tag == f"{Q12}and"
        direct = [v.text for v in both.findall(f"{Q12}varequal")]
        negated = [v.text for v in both.findall(f"{Q12}not/{Q12}varequal")]
        assert direct == [a for a, o in zip(answers, payload.options, strict=True) if o.correct]
        assert negated == [a for a, o in zip(answers, payload.options, strict=True) if not o.correct]
        assert condition.findtext(f"{Q12}setvar") == "100"
    if item.type in ("short", "numeric"):
        [condition] = conditions
        assert condition.findtext(f"{Q12}setvar") == "100"
    if item.type == "essay":
        assert conditions == []
    if item.type in ("match", "cloze"):
        # a condition per accepted answer (a cloze blank may accept several), each adding the blank's share
        assert len(conditions) == len(answers)
        blanks = len(node.findall(f".//{Q12}response_lid"))
        for condition in conditions:
            setvar = condition.find(f"{Q12}setvar")
            assert setvar.get("action") == "Add"
            assert float(setvar.text) == pytest.approx(100 / blanks, abs=0.01)
            assert condition.findtext(f".//{Q12}varequal") in labels  # every varequal names a response_label
    for condition in conditions:
        for varequal in condition.iter(f"{Q12}varequal"):
            if item.type in ("mcq", "multi", "tf", "match", "cloze"):
                assert varequal.text in labels


def options_of(item) -> list[bool]:
    payload = item.payload
    if item.type == "tf":
        return [payload.answer, not payload.answer]
    return [o.correct for o in payload.options]


def test_html_is_escaped_exactly_once(unicode_course: Path, tmp_path: Path) -> None:
    build_to(unicode_course, tmp_path / "out", ["qti"])
    files = unzip((tmp_path / "out" / "qti" / "tricky.zip").read_bytes())
    href, assessment = canvas_assessment(files)
    raw = files[href].decode("utf-8")
    assert "&amp;lt;script&amp;gt;" in raw  # the item's literal <script>: HTML-escaped, then XML-escaped
    assert "&lt;em&gt;Kim Dae-jung&lt;/em&gt;" in raw  # real markup: XML-escaped once
    assert "&amp;amp;lt;" not in raw and "<script>" not in raw and "<em>" not in raw
    node = next(i for i in assessment.iter(f"{Q12}item") if i.get("title") == "uni-mcq")
    html = node.find(f"{Q12}presentation/{Q12}material/{Q12}mattext").text
    assert "<em>Kim Dae-jung</em>" in html and "&lt;script&gt;" in html
    assert "A ]]> b" in [mattext(label) for label in node.iter(f"{Q12}response_label")]


def test_cards_are_left_out_with_a_note(unicode_course: Path, tmp_path: Path) -> None:
    result = build_to(unicode_course, tmp_path / "out", ["qti", "qti21", "cc", "moodle"])
    warned = [d for d in result.report.notes if d.code == "lms-omitted" and d.item == "uni-card"]
    assert {d.message.split(":")[0] for d in warned} == {"Canvas QTI 1.2", "QTI 2.1", "Common Cartridge", "Moodle XML"}
    files = unzip((tmp_path / "out" / "qti" / "tricky-cards.zip").read_bytes())
    assert b"uni-card" not in b"".join(files.values())


def test_preflight_names_what_each_target_cannot_carry(sample_course: Path, tmp_path: Path) -> None:
    result = build_to(sample_course, tmp_path / "out", ["qti", "cc"])
    found = {(d.item, d.code) for d in result.report.unique()}
    assert ("bees-dance-encodes", "lms-partial-credit") in found
    assert ("bees-match", "lms-omitted") in found
    assert ("bees-duration-cloze", "lms-omitted") in found
    assert ("bees-one-second", "lms-converted") in found
    assert "Common Cartridge: 6 items" in result.summaries["cc/sample-quiz.imscc"]
    assert "2 matching" in result.summaries["qti/sample-quiz.zip"]  # the match item and the order item


def test_rebuilds_are_byte_identical(unicode_course: Path, tmp_path: Path) -> None:
    formats = ["qti", "qti21", "cc", "moodle"]
    build_to(unicode_course, tmp_path / "a", formats)
    build_to(unicode_course, tmp_path / "b", formats)
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert first == second and len(first) > 10


def test_summary_lists_items_added_changed_and_removed(sample_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(sample_course, out, ["qti", "moodle"])
    assert "since the last build" not in first.summaries["qti/sample-quiz.zip"]
    bank = sample_course / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("Besides the dance, what do", "Apart from the dance, what do")  # bees-scent changed
    start = text.index("- id: bees-angle-sun")
    end = text.index("- id: bees-scent")
    removed = text[start:end]
    text = text[:start] + text[end:]  # bees-angle-sun removed
    text += "\n" + removed.replace("bees-angle-sun", "bees-angle-again")  # and added under a new id
    bank.write_text(text, encoding="utf-8")
    second = build(sample_course, out, ["qti", "moodle"])
    line = second.summaries["qti/sample-quiz.zip"]
    assert "added bees-angle-again; changed bees-scent; removed bees-angle-sun" in line
    assert "changed bees-scent" in second.summaries["moodle/sample-quiz.xml"]
    hashes = json.loads((out / "qti" / "sample-quiz.items.json").read_text(encoding="utf-8"))["items"]
    assert "bees-angle-again" in hashes and "bees-angle-sun" not in hashes


def test_a_build_loads_the_templates_the_last_build_compiled(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_cache: Path
) -> None:
    def build_counting_compiles(out: str) -> int:
        lms.environment.cache_clear()  # as in a new process: nothing compiled in memory
        compiled = []
        compile_ = lms.environment().compile
        monkeypatch.setattr(lms.environment(), "compile", lambda *a, **k: compiled.append(a[1]) or compile_(*a, **k))
        build_to(sample_course, tmp_path / out, ["qti", "moodle"])
        lms.environment.cache_clear()
        return len(compiled)

    kept = user_cache / "templates"
    assert build_counting_compiles("a") == 5 and len(list(kept.iterdir())) == 5
    assert build_counting_compiles("b") == 0
    monkeypatch.setattr(lms, "code_fingerprint", lambda: "other code")
    assert build_counting_compiles("c") == 5 and len(list(kept.iterdir())) == 5  # compiled again, over the entries
    assert {p.read_bytes() for p in (tmp_path / "a").rglob("*.zip")} == {
        p.read_bytes() for p in (tmp_path / "c").rglob("*.zip")
    }


def test_templates_are_compiled_where_they_cannot_be_kept_or_read_back(tmp_path: Path) -> None:
    blocked, broken = tmp_path / "a-file", tmp_path / "broken"
    blocked.write_text("not a folder")
    for folder in (blocked / "templates", broken, broken):  # broken: written, then every entry cut short
        loader = lms.environment().loader
        environment = lms.jinja2.Environment(loader=loader, bytecode_cache=lms.TemplateCache(folder))
        assert "<title>T</title>" in environment.get_template("qti/assessment_meta.xml").render(
            aid="x", quiz={"title": "T"}, points="1", description=""
        )
        for entry in broken.glob("*"):
            entry.write_bytes(entry.read_bytes()[: len(lms.jinja2.bccache.bc_magic) + 4])


def test_identifiers_derive_from_ids() -> None:
    assert lms.ident("c", "q", "i") == "qg_c_q_i"
    assert re.fullmatch(r"[A-Za-z_][\w.-]*", lms.ident("1course", "2quiz"))


# --- QTI 2.1 ----------------------------------------------------------------------------------------------


def xml_text(node: etree._Element | None) -> str:
    """Text of an XHTML-in-QTI element, as shown; a formula read as its LaTeX source (kept as its alttext)."""
    if node is None:
        return ""
    node = copy.deepcopy(node)
    for math in list(node.iter("{http://www.w3.org/1998/Math/MathML}math")):
        source, tail = math.get("alttext"), math.tail
        math.clear()  # its children, attributes and tail
        math.text, math.tail = f"\\({source}\\)", tail
    return squash("".join(node.itertext()))


def read_qti21_item(root: etree._Element) -> dict:
    """type, prompt, options, answer, points and feedback of one assessmentItem."""
    declarations = {d.get("identifier"): d for d in root.iter(f"{Q21}responseDeclaration")}
    correct = {k: [v.text for v in d.iter(f"{Q21}value")] for k, d in declarations.items()}
    body = root.find(f"{Q21}itemBody")
    points = float(root.find(f"{Q21}outcomeDeclaration[@identifier='MAXSCORE']").findtext(f".//{Q21}value"))
    record = {"options": [], "answer": None, "points": points}
    choice = body.find(f"{Q21}choiceInteraction")
    match = body.find(f"{Q21}matchInteraction")
    extended = body.find(f"{Q21}extendedTextInteraction")
    order = body.find(f"{Q21}orderInteraction")
    if choice is not None:
        labels = {c.get("identifier"): xml_text(c) for c in choice.iter(f"{Q21}simpleChoice")}
        record["options"] = list(labels.values())
        record["answer"] = sorted(labels[i] for i in correct["RESPONSE"])
        single = declarations["RESPONSE"].get("cardinality") == "single"
        record["type"] = "tf" if set(labels) == {"TRUE", "FALSE"} else ("mcq" if single else "multi")
        record["prompt"] = xml_text(choice.find(f"{Q21}prompt"))
    elif match is not None:
        sets = match.findall(f"{Q21}simpleMatchSet")
        left, right = ({c.get("identifier"): xml_text(c) for c in s} for s in sets)
        pairs = [v.split() for v in correct["RESPONSE"]]
        record.update(type="match", prompt=xml_text(match.find(f"{Q21}prompt")))
        record["answer"] = [(left[a], right[b]) for a, b in pairs]
    elif order is not None:
        steps = {c.get("identifier"): xml_text(c) for c in order.iter(f"{Q21}simpleChoice")}
        assert declarations["RESPONSE"].get("cardinality") == "ordered" and order.get("shuffle") == "true"
        record.update(type="order", prompt=xml_text(order.find(f"{Q21}prompt")))
        record["answer"] = [steps[i] for i in correct["RESPONSE"]]
    elif extended is not None:
        record.update(type="essay", prompt=xml_text(extended.find(f"{Q21}prompt")))
    elif "RESPONSE" in declarations:
        kind = "numeric" if declarations["RESPONSE"].get("baseType") == "float" else "short"
        record.update(type=kind, prompt=xml_text(body.find(f"{Q21}p")))
        if kind == "short":
            keys = [e.get("mapKey") for e in declarations["RESPONSE"].iter(f"{Q21}mapEntry")]
            record["answer"] = sorted(set(keys))
        else:
            equal = root.find(f".//{Q21}equal")
            tolerance = Decimal(equal.get("tolerance").split()[0]) if equal is not None else Decimal(0)
            record["answer"] = (Decimal(correct["RESPONSE"][0]), tolerance)
    else:
        paragraph = etree.fromstring(etree.tostring(body.find(f"{Q21}p")))
        accepted = []
        for gap in list(paragraph.iter(f"{Q21}textEntryInteraction")):
            hint = gap.get("placeholderText")
            shown = f"«{correct[gap.get('responseIdentifier')][0]}»" + (f" ({hint})" if hint else "")
            gap.tail = shown + (gap.tail or "")
            gap.tag = f"{Q21}span"
            mapped = declarations[gap.get("responseIdentifier")].iter(f"{Q21}mapEntry")
            accepted.append(sorted(e.get("mapKey") for e in mapped))
        record.update(type="cloze", prompt=xml_text(paragraph), answer=accepted)
    record["feedback"] = xml_text(root.find(f"{Q21}modalFeedback"))
    options = {c.get("identifier"): xml_text(c) for c in body.iter(f"{Q21}simpleChoice")}
    record["why"] = {  # shown when its choice is chosen: the response copied into CHOICE_FEEDBACK
        options[f.get("identifier")]: xml_text(f)
        for f in root.iter(f"{Q21}modalFeedback")
        if f.get("outcomeIdentifier") == "CHOICE_FEEDBACK"
    }
    if record["why"]:
        copied = root.find(f"{Q21}responseProcessing/{Q21}setOutcomeValue[@identifier='CHOICE_FEEDBACK']/{Q21}variable")
        assert copied.get("identifier") == "RESPONSE"
    return record


def test_qti21_package_validates_and_reads_back_whole(course_dir: Path, tmp_path: Path) -> None:
    course, plans = loaded(course_dir)
    build_to(course_dir, tmp_path / "out", ["qti21"])
    for plan in plans:
        files = unzip((tmp_path / "out" / "qti21" / f"{plan.quiz.id}.zip").read_bytes())
        assert errors("cp/imscp_v1p1.xsd", files["imsmanifest.xml"]) == []
        manifest = etree.fromstring(files["imsmanifest.xml"])
        cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
        resources = list(manifest.iter(f"{cp}resource"))
        [test_resource] = [r for r in resources if r.get("type") == "imsqti_test_xmlv2p1"]
        test = files[test_resource.get("href")]
        assert errors("qti21/imsqti_v2p1.xsd", test) == []
        refs = etree.fromstring(test).iter(f"{Q21}assessmentItemRef")
        hrefs = [r.get("href") for r in refs]
        carried = in_package_order(plan, [i for i in plan.items if i.type != "card"], hrefs, "items/{}.xml")
        assert len(hrefs) == len(carried)
        for item, href in zip(carried, hrefs, strict=True):
            assert errors("qti21/imsqti_v2p1.xsd", files[href]) == [], href
            root = etree.fromstring(files[href])
            assert root.get("identifier") == f"qg_{course.id}_{plan.quiz.id}_{item.id}"
            assert read_qti21_item(root) == expected(course, item, plan.points_of(item)), item.id


# --- Common Cartridge -------------------------------------------------------------------------------------


def test_cartridge_validates_against_the_cc_profile_and_reads_back(course_dir: Path, tmp_path: Path) -> None:
    course, plans = loaded(course_dir)
    build_to(course_dir, tmp_path / "out", ["cc"])
    for plan in plans:
        carried = [i for i in plan.items if cc.omit(i) is None]
        path = tmp_path / "out" / "cc" / f"{plan.quiz.id}.imscc"
        assert path.exists() == bool(carried)
        if not carried:
            continue
        files = unzip(path.read_bytes())
        assert errors("cc11/ccv1p1_imscp_v1p2_v1p0.xsd", files["imsmanifest.xml"]) == []
        manifest = etree.fromstring(files["imsmanifest.xml"])
        resource = manifest.find(f".//{{{CANVAS_CP}}}resource[@type='imsqti_xmlv1p2/imscc_xmlv1p1/assessment']")
        href = resource.find(f"{{{CANVAS_CP}}}file").get("href")
        assert errors("qti12/ccv1p1_qtiasiv1p2p1_v1p0.xsd", files[href]) == []
        assert errors("qti12/ims_qtiasiv1p2p1.xsd", files[href]) == []
        nodes = list(etree.fromstring(files[href]).iter(f"{Q12}item"))
        assert [n.get("title") for n in nodes] == [i.id for i in carried]
        for item, node in zip(carried, nodes, strict=True):
            check_cc_item(course, plan, item, node)


def check_cc_item(course, plan, item, node: etree._Element) -> None:
    """A CC item reads back as the bank item (numeric and cloze as the fill-in they become)."""
    meta = {f.findtext(f"{Q12}fieldlabel"): f.findtext(f"{Q12}fieldentry") for f in node.iter(f"{Q12}qtimetadatafield")}
    assert meta["cc_profile"] == cc.PROFILES[item.type]
    want = expected(course, item, plan.points_of(item))
    presentation = node.find(f"{Q12}presentation")
    prompt = mattext(presentation.find(f"{Q12}material"))
    assert float(meta["cc_weighting"]) == want["points"]
    assert mattext(node.find(f"{Q12}itemfeedback")) == want["feedback"]
    accepted = sorted({squash(v.text) for c in scoring(node) for v in c.iter(f"{Q12}varequal")})
    if item.type in CC_TYPES.values():
        canvas_like = read_canvas_item_as(node, item.type)
        assert canvas_like["options"] == want["options"] and canvas_like["answer"] == want["answer"]
        assert canvas_like["why"] == want["why"]
        assert prompt == want["prompt"]
    elif item.type == "short":
        assert accepted == want["answer"] and prompt == want["prompt"]
    elif item.type == "numeric":
        assert item.payload.text in accepted and prompt == want["prompt"]
    elif item.type == "cloze":
        [first] = [squash(v.text) for v in scoring(node)[0].iter(f"{Q12}varequal")][:1]
        assert prompt.replace("_____", f"«{first}»") == want["prompt"] and [accepted] == want["answer"]
    elif item.type == "essay":
        assert meta["qmd_computerscored"] == "No" and prompt == want["prompt"]


def moodle_cc_scores(node: etree._Element, kind: str) -> dict[str, float]:
    """Each option's score as Moodle 4.5 turns a CC choice item into a question (backup/cc/entity11.quiz.class.php,
    get_answers and get_score, its XPath queries as written there): option ident -> fraction."""
    ns = {"q": Q12[1:-1]}
    scores = {}
    for label in node.iterfind("q:presentation/q:response_lid/q:render_choice/q:response_label", ns):
        ident, score = label.get("ident"), ""
        for condition in node.iterfind("q:resprocessing/q:respcondition", ns):
            first = condition.find("q:conditionvar/q:varequal", ns)
            if (first.text if first is not None and first.text else "").lower() == ident.lower():
                score = condition.findtext("q:setvar", "", ns)
        scores[ident] = 1.0 if score else 0.0
    if kind == "multi":
        keys = node.xpath(
            ".//q:setvar[@varname='SCORE'][.=100]/../q:conditionvar//q:varequal[@case='Yes'][not(parent::q:not)]",
            namespaces=ns,
        )
        for key in keys:
            scores[key.text] = round(1 / len(keys), 7)
    if kind == "tf":
        assert set(scores) == {"true", "false"}, "Moodle's import throws on any other true/false identifier"
    return scores


def test_cartridge_choice_items_score_as_moodle_reads_them(sample_course: Path, tmp_path: Path) -> None:
    """Moodle's cartridge import finds the right options of every choice item (it read 0% for every option of a
    select-all item, and refused true/false items whose answers were not identified `true` and `false`)."""
    course, plans = loaded(sample_course)
    build_to(sample_course, tmp_path / "out", ["cc"])
    checked = set()
    for plan in plans:
        files = unzip((tmp_path / "out" / "cc" / f"{plan.quiz.id}.imscc").read_bytes())
        href = next(name for name in files if name.endswith("assessment_qti.xml"))
        nodes = {n.get("title"): n for n in etree.fromstring(files[href]).iter(f"{Q12}item")}
        for item in plan.items:
            if item.type not in CC_TYPES.values():
                continue
            node = nodes[item.id]
            labels = {label.get("ident"): mattext(label) for label in node.iter(f"{Q12}response_label")}
            scores = moodle_cc_scores(node, item.type)
            right = {labels[i] for i, score in scores.items() if score > 0}
            assert right == set(expected(course, item, 0)["answer"]), item.id
            assert sum(scores.values()) == pytest.approx(1), item.id
            checked.add(item.type)
    assert checked == set(CC_TYPES.values())


def read_canvas_item_as(node: etree._Element, kind: str) -> dict:
    """Read a CC choice item with the Canvas reader (same encoding), given its type."""
    copy = etree.fromstring(etree.tostring(node))
    fields = copy.find(f"{Q12}itemmetadata/{Q12}qtimetadata")
    for label, entry in (("question_type", qti.QUESTION_TYPES[kind]), ("points_possible", "0")):
        field = etree.SubElement(fields, f"{Q12}qtimetadatafield")
        etree.SubElement(field, f"{Q12}fieldlabel").text = label
        etree.SubElement(field, f"{Q12}fieldentry").text = entry
    return read_canvas_item(copy)


def test_points_are_written_in_full(sample_course: Path, tmp_path: Path) -> None:
    """1234567 points stay 1234567 (not 1.23457e+06, which Canvas reads as 1234570)."""
    bank = sample_course / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("  points: 4\n", "  points: 1234567\n"), encoding="utf-8")
    result = build_to(sample_course, tmp_path / "out", ["qti"])
    files = unzip((tmp_path / "out" / "qti" / "sample-quiz.zip").read_bytes())
    _, assessment = canvas_assessment(files)
    items = {i.get("title"): read_canvas_item(i) for i in assessment.iter(f"{Q12}item")}
    assert items["bees-essay"]["points"] == 1234567
    assert "1234576 points" in result.summaries["qti/sample-quiz.zip"]


def test_an_item_in_two_quizzes_is_warned_about_once(sample_course: Path, tmp_path: Path) -> None:
    spec = sample_course / "course.yaml"
    second = "  - id: second-quiz\n    title: Second quiz\n    articles: [sample-article]\n    types: [multi, match, cloze, numeric]\n"
    spec.write_text(spec.read_text(encoding="utf-8") + second, encoding="utf-8")
    bank = sample_course / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(POINT_PER_BLANK, ""), encoding="utf-8")
    result = build_to(sample_course, tmp_path / "out", ["qti", "qti21", "cc", "moodle"])
    warned = [(d.item, d.code, d.message) for d in result.report.unique() if d.item]
    assert {("bees-match", "lms-omitted"), ("bees-dance-encodes", "lms-partial-credit")} <= {w[:2] for w in warned}
    assert {"lms-converted", "lms-cloze-marks"} <= {w[1] for w in warned}
    assert len(warned) == len(set(warned)), sorted(warned)
