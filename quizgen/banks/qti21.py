"""QTI 2.1 packages: one `assessmentItem` per file, listed in the manifest."""

from __future__ import annotations

import copy
import posixpath
import re
from collections import Counter

from lxml import etree

from quizgen.banks.common import (
    choice_fields,
    deletion,
    distinct_title,
    explain_with,
    feedback_parts,
    points,
    save_figure,
)
from quizgen.banks.html import plain, to_markdown
from quizgen.banks.model import ImportedBank, ImportedItem, Skipped
from quizgen.banks.sources import Package

FORMAT = "QTI 2.1"
_READ = {"choiceInteraction", "textEntryInteraction", "extendedTextInteraction", "matchInteraction", "orderInteraction"}
_GAP = "\ue020{}\ue021"
_CANONICAL = {name.lower(): name for name in (*_READ, "inlineChoiceInteraction", "prompt", "simpleChoice")}
_XMLNS = re.compile(r' xmlns(?::\w+)?="[^"]*"')


class Reader:
    def __init__(self, bank: ImportedBank, package: Package | None) -> None:
        self.bank = bank
        self.package = package
        self.items: list[tuple[etree._Element, str]] = []  # (assessmentItem, its folder in the package)

    def add(self, root: etree._Element, base: str) -> None:
        for element in root.iter():  # some tools write names in lowercase (`textentryinteraction`), which QTI's are not
            if isinstance(element.tag, str) and element.tag in _CANONICAL:
                element.tag = _CANONICAL[element.tag]
            if "responseidentifier" in element.attrib:
                element.set("responseIdentifier", element.attrib.pop("responseidentifier"))
        self.items.append((root, base))

    def read(self) -> None:
        titles = Counter(root.get("title") for root, _ in self.items)
        for position, (root, base) in enumerate(self.items, start=1):
            source_id = root.get("identifier") or f"q{position}"
            title = root.get("title")
            if distinct_title(title, titles) and not source_id.startswith("qg_"):
                source_id = title or source_id
            body = root.find("itemBody")
            interactions = [e for e in body.iter() if str(e.tag).endswith("Interaction")] if body is not None else []
            kinds = sorted({e.tag for e in interactions})
            unread = [k for k in kinds if k not in _READ]
            if not interactions or unread:
                reason = f"{', '.join(unread)} has no quizgen type" if unread else "no interaction: not a question"
                self.bank.skipped.append(Skipped(title or source_id, ", ".join(kinds) or "text", reason))
                continue
            item = self.item(root, body, interactions, base, source_id)
            if item is None:
                self.bank.skipped.append(Skipped(title or source_id, kinds[0], "the question has no correct answer"))
                continue
            item.fields["points"] = points(
                root.findtext("outcomeDeclaration[@identifier='MAXSCORE']/defaultValue/value")
            )
            self.bank.items.append(item)

    def figure_for(self, base: str):
        def figure(src: str) -> str | None:
            if self.package is None or src.startswith(("http://", "https://", "data:")):
                return None
            name = self.package.find(posixpath.join(base, src)) or self.package.find(src)
            return save_figure(self.bank, name, self.package.read(name)) if name else None

        return figure

    def item(self, root, body, interactions, base: str, source_id: str) -> ImportedItem | None:
        notes: list[str] = []
        figure = self.figure_for(base)
        declarations = {d.get("identifier"): d for d in root.iterfind("responseDeclaration")}
        choice_ids = {c.get("identifier") for c in body.iter("simpleChoice")}
        per_choice = {  # a choice's own feedback: why it is wrong (as quizgen writes it) or any other
            f.get("identifier"): _inner(f) for f in root.iterfind("modalFeedback") if f.get("identifier") in choice_ids
        }
        feedback_html = "".join(
            _inner(f) for f in root.iterfind("modalFeedback") if f.get("identifier") not in per_choice
        )
        explain_html, model = feedback_parts(feedback_html)
        explain = to_markdown(explain_html, figure, notes)
        kind = interactions[0].tag
        body = copy.deepcopy(body)
        for rubric in list(body.iter("rubricBlock")):  # for scorers (an essay's model answer), not the question
            if rubric.get("view") == "scorer" and model is None:
                _, model = feedback_parts(_inner(rubric))
            _replace(rubric, "")
        interactions = [e for e in body.iter() if str(e.tag).endswith("Interaction")]
        if kind == "textEntryInteraction":
            return self.text_entry(body, interactions, declarations, root, source_id, explain, figure, notes)
        interaction = interactions[0]
        if len(interactions) > 1:
            notes.append(f"only the first of {len(interactions)} interactions is read")
        prompt_element = interaction.find("prompt")
        prompt_html = _inner(prompt_element) if prompt_element is not None else ""
        _replace(interaction, "")
        around, asked = to_markdown(_inner(body), figure, notes), to_markdown(prompt_html, figure, notes)
        prompt = around if asked in around else "\n".join(part for part in (around, asked) if part)  # said once
        declaration = declarations.get(interaction.get("responseIdentifier"))
        correct = (
            [v.text or "" for v in declaration.iterfind("correctResponse/value")] if declaration is not None else []
        )
        fields: dict[str, object] = {"prompt": prompt}
        if kind == "extendedTextInteraction":
            fields["answer"] = to_markdown(model or "", figure, notes)
            if not fields["answer"]:
                notes.append("no model answer in the package: write one in 'answer'")
            fields["explain"] = explain
            return ImportedItem(source_id, "essay", fields, notes)
        if not correct:
            return None
        if kind == "matchInteraction":
            sets = interaction.findall("simpleMatchSet")
            if len(sets) != 2:
                return None
            lefts, rights = (
                {c.get("identifier"): to_markdown(_inner(c), figure, notes) for c in s.iter("simpleAssociableChoice")}
                for s in sets
            )
            pairs = {}
            for value in correct:
                left, _, right = value.partition(" ")
                if left in lefts and right in rights:
                    pairs[lefts[left]] = plain(rights[right])
            fields.update(answer=pairs, explain=explain)
            if interaction.get("shuffle") == "false":
                fields["shuffle"] = "false"
            return ImportedItem(source_id, "match", fields, notes)
        choices = {c.get("identifier"): to_markdown(_inner(c), figure, notes) for c in interaction.iter("simpleChoice")}
        if kind == "orderInteraction":
            steps = [choices[i] for i in correct if i in choices]
            fields.update(answer=steps, explain=explain)
            return ImportedItem(source_id, "order", fields, notes) if len(steps) == len(choices) else None
        right = [choices[i] for i in correct if i in choices]
        if not right:
            return None
        single = declaration.get("cardinality") == "single"
        if single and {t.lower() for t in choices.values()} == {"true", "false"}:
            fields.update(answer=right[0].lower(), explain=explain)
            return ImportedItem(source_id, "tf", fields, notes)
        said = {i: to_markdown(feedback_parts(html)[0], figure, notes) for i, html in per_choice.items()}
        options = [(text, i in correct, said.get(i, "")) for i, text in choices.items()]
        answer, distractors, lines = choice_fields(options, single)
        fields.update(answer=answer, distractors=distractors, explain=explain_with(explain, lines))
        if interaction.get("shuffle") == "false":
            fields["shuffle"] = "false"
        return ImportedItem(source_id, "mcq" if single else "multi", fields, notes)

    def text_entry(self, body, interactions, declarations, root, source_id, explain, figure, notes):
        """One box on its own: a short or numeric answer; boxes inside the text: a cloze."""
        first = interactions[0]
        parent = first.getparent()
        alone = len(interactions) == 1 and not (parent.text or "").strip() and not (first.tail or "").strip()
        answers = []
        for n, interaction in enumerate(interactions, start=1):
            declaration = declarations.get(interaction.get("responseIdentifier"))
            if declaration is None:
                return None
            values = [v.text or "" for v in declaration.iterfind("correctResponse/value")]
            mapped = [
                e.get("mapKey", "")
                for e in declaration.iterfind("mapping/mapEntry")
                if float(e.get("mappedValue", "0") or 0) > 0
            ]
            accepted = [plain(a) for a in dict.fromkeys(values + mapped) if a.strip()]
            if not accepted:
                return None
            answers.append((accepted, declaration.get("baseType"), interaction.get("placeholderText")))
            if not alone:
                _replace(interaction, _GAP.format(n))
        if alone:
            _replace(first, "")
            prompt = to_markdown(_inner(body), figure, notes)
            accepted, base_type, _ = answers[0]
            if base_type in ("float", "integer"):
                equal = root.find(".//equal[@toleranceMode='absolute']")
                tolerance = (equal.get("tolerance") or "").split()[0] if equal is not None else None
                fields = {"prompt": prompt, "answer": accepted[0], "tolerance": tolerance if tolerance != "0" else None}
                fields["explain"] = explain
                return ImportedItem(source_id, "numeric", fields, notes)
            fields = {"prompt": prompt, "answer": accepted if len(accepted) > 1 else accepted[0], "explain": explain}
            return ImportedItem(source_id, "short", fields, notes)
        prompt = to_markdown(_inner(body), figure, notes)
        for n, (accepted, _, hint) in enumerate(answers, start=1):
            text, lost = deletion(list(accepted))
            if lost:
                notes.append(f"blank {n}: {', '.join(repr(a) for a in lost)} left out (not writable as an alternative)")
            prompt = prompt.replace(_GAP.format(n), f"{{{{c{n}::{text}{f'::{hint}' if hint else ''}}}}}")
        return ImportedItem(source_id, "cloze", {"prompt": prompt, "explain": explain}, notes)


def _inner(element: etree._Element) -> str:
    """An element's content as an HTML string (its text and children, not its own tags)."""
    parts = [element.text or ""]
    for child in element:
        parts.append(_XMLNS.sub("", etree.tostring(child, encoding="unicode", with_tail=True)))
    return "".join(parts)


def _replace(element: etree._Element, text: str) -> None:
    """Take the element out of the tree, leaving `text` (and its tail) in its place."""
    parent = element.getparent()
    joined = text + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)
