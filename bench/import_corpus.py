"""Readings with known text for the import benchmark and tests: PDFs laid out like papers and magazines (reportlab:
columns, a full-width abstract, charts with axis labels, captions, footnotes, running headers, references, super-
and subscripts) and web pages (navigation, share buttons, comments, related links, captions, pull quotes, footers),
each with the article text an import should give.

The prose is made from word lists with a seeded random generator: deterministic, free of anyone's rights, and
varied enough that a paragraph read out of order or cut in two shows in the scores.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

NOUNS = [
    "colony",
    "forager",
    "scout",
    "comb",
    "hive",
    "meadow",
    "orchard",
    "queen",
    "drone",
    "worker",
    "nectar",
    "pollen",
    "wax",
    "cell",
    "brood",
    "swarm",
    "season",
    "flower",
    "clover",
    "heather",
    "river",
    "valley",
    "farmer",
    "keeper",
    "frame",
    "smoker",
    "entrance",
    "signal",
    "dance",
    "angle",
    "distance",
    "map",
    "sun",
    "compass",
    "odour",
    "pattern",
    "circuit",
    "result",
    "trial",
    "model",
    "record",
    "station",
    "season",
    "survey",
    "apiary",
    "garden",
    "field",
    "slope",
]
VERBS = [
    "follows",
    "finds",
    "carries",
    "builds",
    "guards",
    "warms",
    "leaves",
    "reaches",
    "measures",
    "signals",
    "maps",
    "records",
    "repeats",
    "changes",
    "tracks",
    "compares",
    "explains",
    "predicts",
    "doubles",
    "shortens",
    "crosses",
    "visits",
    "shares",
    "stores",
]
ADJECTIVES = [
    "young",
    "old",
    "busy",
    "quiet",
    "distant",
    "nearby",
    "warm",
    "cold",
    "early",
    "late",
    "bright",
    "narrow",
    "broad",
    "steady",
    "rare",
    "common",
    "northern",
    "southern",
    "small",
    "large",
    "careful",
    "patient",
]
ADVERBS = ["often", "rarely", "slowly", "quickly", "again", "later", "soon", "always", "seldom", "twice"]
NAMES = ["Frisch", "Seeley", "Lindauer", "Dyer", "Gould", "Wenner", "Riley", "Menzel"]


def _sentence(rng: random.Random) -> str:
    """A plain sentence: `The young forager often finds the distant meadow near the river.`"""
    words = ["the", rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.4:
        words.append(rng.choice(ADVERBS))
    words += [rng.choice(VERBS), "the", rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    tail = rng.random()
    if tail < 0.3:
        words += ["near", "the", rng.choice(NOUNS)]
    elif tail < 0.5:
        words += ["as", rng.choice(NAMES), "reported", "in", str(rng.randint(1950, 2020))]
    elif tail < 0.65:
        words += ["and", rng.choice(VERBS), "a", rng.choice(NOUNS)]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def prose(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


# --- PDFs ---------------------------------------------------------------------------------------------------------


@dataclass
class Reading:
    """A made reading and what its import should give: body blocks (`## heading` or paragraph text) in order, the
    title, and text that must not reach the body."""

    path: Path
    body: list[str]
    title: str = ""
    author: str = ""
    absent: list[str] = field(default_factory=list)
    text: str = ""  # all the known text, for F1, when the body lists only the prose paragraphs


def _chart(rng: random.Random, width: float):  # noqa: ANN202 (a reportlab Drawing)
    """A bar chart with tick labels, axis titles and a legend: text that is not the article."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(width, 150)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 35, width * 0.6, 100
    chart.data = [[rng.randint(5, 60) for _ in range(5)], [rng.randint(5, 60) for _ in range(5)]]
    chart.categoryAxis.categoryNames = ["100", "200", "400", "800", "1600"]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 60, 10
    chart.bars[0].fillColor, chart.bars[1].fillColor = colors.grey, colors.lightgrey
    drawing.add(chart)
    drawing.add(String(width / 2 - 40, 5, "Distance to food (m)", fontSize=7))
    drawing.add(String(5, 60, "Run (s)", fontSize=7))
    legend = Legend()
    legend.x, legend.y = width * 0.6 + 40, 120
    legend.colorNamePairs = [(colors.grey, "Spring"), (colors.lightgrey, "Autumn")]
    legend.fontSize = 6
    drawing.add(legend)
    return drawing


def make_paper(path: Path, seed: int = 1, columns: int = 2, sections: int = 6, capitals: bool = False) -> Reading:
    """A journal article: title, authors, a two-column address block, a full-width abstract, then `columns`
    columns with numbered section headings, a chart and its caption, footnotes, a formula with super- and
    subscripts, running headers and page numbers, and a references section. With `capitals`, as engineering
    proceedings set them: section headings `II. RARE NECTARS` in the body's type, centred, and a table under a
    `TABLE I` caption."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
    )

    rng = random.Random(seed)
    body_style = ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=12.5, firstLineIndent=12)
    head_style = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=3)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=9.5)
    title = f"How Far the {rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} Flies: Study {seed}"
    author = "Ann Lee, Bo Park"
    width, height = letter
    margin, gap = 54, 18
    col = (width - 2 * margin - gap * (columns - 1)) / columns
    footnotes = [
        f"{n} The {rng.choice(NOUNS)} data of {rng.randint(1990, 2020)} are kept at the station." for n in (1, 2)
    ]

    def page_furniture(canvas, doc) -> None:  # noqa: ANN001
        canvas.setFont("Helvetica", 8)
        header = "Journal of Hive Studies 12 (2026)" if doc.page % 2 else f"Lee and Park · {title}"
        canvas.drawString(margin, height - 36, header)
        canvas.drawCentredString(width / 2, 30, str(doc.page))
        if doc.page <= 2:
            canvas.line(margin, 78, margin + 120, 78)
            canvas.setFont("Helvetica", 8)
            canvas.drawString(margin, 68, footnotes[doc.page - 1])

    def frames(top: float) -> list:
        return [Frame(margin + i * (col + gap), 84, col, top - 84, id=f"c{i}") for i in range(columns)]

    first = [Frame(margin, height - 300, width - 2 * margin, 250, id="top"), *frames(height - 300)]
    doc = BaseDocTemplate(str(path), pagesize=letter, title=title, author=author)
    doc.addPageTemplates(
        [
            PageTemplate("first", frames=first, onPage=page_furniture),
            PageTemplate("rest", frames=frames(height - 50), onPage=page_furniture),
        ]
    )
    story: list = [
        Paragraph(title, ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=17, leading=21, alignment=1)),
        Spacer(1, 6),
        Paragraph("Ann Lee<super>1</super> and Bo Park<super>2</super>", ParagraphStyle("a", fontSize=11, alignment=1)),
        Spacer(1, 4),
        Table(
            [
                [
                    Paragraph("1 Department of Biology<br/>North Valley University<br/>ann.lee@example.org", small),
                    Paragraph("2 Hive Research Station<br/>12 Orchard Road, Southfield<br/>bo.park@example.org", small),
                ]
            ],
        ),  # fmt: skip
        Spacer(1, 6),
    ]
    abstract = prose(rng, 6)
    body: list[str] = ["## Abstract", abstract]
    story += [
        Paragraph("Abstract", head_style),
        Paragraph(abstract, body_style),
        NextPageTemplate("rest"),
        FrameBreak(),
    ]
    absent = [*footnotes, "Department of Biology", "Journal of Hive Studies", "Distance to food", "Spring Autumn"]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    caps_style = ParagraphStyle("caps", fontName="Times-Roman", fontSize=10, leading=14, alignment=1, spaceBefore=6)
    for number in range(1, sections + 1):
        heading = f"{number} {rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()}s"
        if capitals:
            heading = f"{roman[number - 1]}. {heading.split(' ', 1)[1].upper()}"
        body.append(f"## {heading}")
        story.append(Paragraph(heading, caps_style if capitals else head_style))
        if capitals and number == 2:
            rows = [["Distance", "Run (s)"], *[[f"{d} m", f"{d / 100:.1f}"] for d in (100, 200, 400, 800)]]
            story += [Paragraph("TABLE I", small), Paragraph("Waggle runs by distance", small), Table(rows)]
            absent.append("TABLE I Waggle runs by distance")
        for k in range(rng.randint(2, 4)):
            text = prose(rng, rng.randint(3, 8))
            markup = escape(text)
            if number == 1 and k == 0:
                text, markup = (
                    text + " The force grows as F² and CO₂ falls.",
                    markup + " The force grows as F<super>2</super> and CO<sub>2</sub> falls.",
                )
            if number == 2 and k == 1:
                text, markup = text + "¹", markup + "<super>1</super>"
            body.append(text)
            story.append(Paragraph(markup, body_style))
        if number == 3:
            caption = f"Figure 1. Waggle-run duration by distance in study {seed}, spring and autumn."
            story += [_chart(rng, col), Paragraph(caption, small), Spacer(1, 6)]
            absent.append(caption)
    story.append(Paragraph("References", head_style))
    for n in range(1, 11):
        entry = (
            f"[{n}] {rng.choice(NAMES)}, K. ({rng.randint(1950, 2020)}). The {rng.choice(NOUNS)} of bees. Hive Press."
        )
        story.append(Paragraph(escape(entry), small))
        absent.append(entry)
    doc.build(story)
    return Reading(path, body, title, author, absent)


def make_report(path: Path, seed: int = 2, pages: int = 20) -> Reading:
    """A one-column report of about `pages` pages: headings, justified paragraphs, running footer and numbers."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    rng = random.Random(seed)
    style = ParagraphStyle("b", fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=7, alignment=TA_JUSTIFY)
    head = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceBefore=10, spaceAfter=4)
    title = f"Report on the {rng.choice(NOUNS).title()} Survey"

    def furniture(canvas, doc) -> None:  # noqa: ANN001
        canvas.setFont("Helvetica", 8)
        canvas.drawString(60, 28, f"Hive Survey Report · page {doc.page}")

    story, body = [Paragraph(title, ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=20, leading=24))], []
    for number in range(1, pages * 3 + 6):  # about three sections fill a page
        heading = f"{number}. The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        body.append(f"## {heading}")
        story.append(Paragraph(heading, head))
        for _ in range(3):
            text = prose(rng, rng.randint(3, 7))
            body.append(text)
            story.append(Paragraph(text, style))
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return Reading(path, body, title, "", ["Hive Survey Report"])


# --- web pages ----------------------------------------------------------------------------------------------------

_SITES = [
    ("The Daily Hive", "news"),
    ("Meadow Notes", "blog"),
    ("Apiary Review", "magazine"),
]


def make_page(path: Path, seed: int = 1) -> Reading:
    """A saved article page: navigation, a share bar, the headline, a byline, paragraphs with a subheading, a
    photo caption, a pull quote repeating the text, a list, then related stories, comments, a newsletter box and
    a footer."""
    rng = random.Random(seed)
    site, kind = _SITES[seed % len(_SITES)]
    title = f"The {rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} and the {rng.choice(NOUNS).title()}"
    paragraphs = [prose(rng, rng.randint(2, 6)) for _ in range(rng.randint(6, 12))]
    subheading = f"What the {rng.choice(NOUNS)}s show"
    items = [f"The {rng.choice(NOUNS)} {rng.choice(VERBS)} the {rng.choice(NOUNS)}" for _ in range(3)]
    at = len(paragraphs) // 2
    body = [*paragraphs[:at], f"## {subheading}", *paragraphs[at:], "\n".join(f"- {item}" for item in items)]
    pull = paragraphs[1].split(". ")[0] + "."
    nav = "".join(
        f'<li><a href="/{w}">{w.title()}</a></li>' for w in ["world", "science", "nature", "opinion", "video"]
    )
    related = "".join(f'<li><a href="/r{n}">{escape(prose(rng, 1))}</a></li>' for n in range(4))
    comments = "".join(
        f'<div class="comment"><p class="who">reader{n}</p><p>{escape(prose(rng, 2))}</p></div>' for n in range(3)
    )
    caption = f"A {rng.choice(NOUNS)} at the {rng.choice(NOUNS)} in spring. Photo: {rng.choice(NAMES)}"
    article = [f"<p>{escape(p)}</p>" for p in paragraphs]
    article.insert(2, f'<figure><img src="photo.jpg" alt=""><figcaption>{escape(caption)}</figcaption></figure>')
    article.insert(3, f'<blockquote class="pullquote"><p>{escape(pull)}</p></blockquote>')
    article.insert(at + 2, f"<h2>{escape(subheading)}</h2>")
    article.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {site}</title>
<meta property="og:title" content="{escape(title)}"><meta property="og:site_name" content="{site}">
<meta name="author" content="Ann Lee"><meta property="article:published_time" content="2024-03-0{seed % 9 + 1}T09:00:00Z">
<link rel="stylesheet" href="site.css"></head>
<body class="{kind}">
<header><a class="logo" href="/">{site}</a><nav><ul>{nav}</ul></nav>
<form class="search"><input name="q" placeholder="Search"></form><a href="/subscribe">Subscribe</a></header>
<div class="share-bar"><a>Share on Facebook</a> <a>Share on X</a> <a>Email</a> <span>36 comments</span></div>
<main><article>
<h1>{escape(title)}</h1>
<p class="byline">By <a rel="author">Ann Lee</a> · March {seed % 9 + 1}, 2024</p>
{"".join(article)}
<div class="tags">Tags: <a>bees</a> <a>science</a> <a>nature</a></div>
<p class="reprints"><a>Reprints and Permissions</a></p>
</article>
<section class="related"><h3>Related stories</h3><ul>{related}</ul></section>
<section id="comments"><h3>36 comments. Share your thoughts »</h3>{comments}</section>
<div class="newsletter"><h3>Get the weekly newsletter</h3><p>Sign up for our newsletter in your inbox.</p></div>
</main>
<footer><p>© 2024 {site}. All rights reserved.</p><ul><li><a>About</a></li><li><a>Privacy</a></li><li><a>Contact</a></li></ul></footer>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return Reading(path, body, title, "Ann Lee", [caption, "Related stories", "Share on Facebook", "Reprints"])


def make_two_column_reading(path: Path) -> Reading:
    """A real reading (the example course's Barry article, tests/golden/import) set in two justified columns with
    a running header and page numbers, as a journal would print it."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    source = (
        Path(__file__).resolve().parent.parent
        / "tests"
        / "golden"
        / "import"
        / "barry-strategic-relationship.article.txt"
    )
    text = source.read_text(encoding="utf-8").split("---\n", 2)[2]
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    style = ParagraphStyle("b", fontName="Times-Roman", fontSize=10, leading=12, alignment=TA_JUSTIFY, spaceAfter=5)
    width, height = letter

    def furniture(canvas, doc) -> None:  # noqa: ANN001
        canvas.setFont("Times-Italic", 8)
        canvas.drawString(54, height - 36, "International Journal on World Peace · Vol. XXIV No. 4")
        canvas.drawRightString(width - 54, 30, str(doc.page))

    doc = BaseDocTemplate(str(path), pagesize=letter)
    frames = [Frame(54, 54, 243, height - 108, id="l"), Frame(315, 54, 243, height - 108, id="r")]
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=furniture)])
    doc.build([Paragraph(escape(p), style) for p in paragraphs])
    return Reading(path, paragraphs, "", "", ["International Journal on World Peace"])


CHROMIUM = Path("/usr/bin/chromium")


def make_browser_pdf(path: Path, page: Path, columns: int = 2) -> Reading:
    """A real text (a saved page's headings, paragraphs and lists, code left out) printed to PDF by Chromium, a
    producer other than reportlab: `columns` CSS columns under a full-width title, a running header and page
    numbers in the margins."""
    from lxml import html as lxml_html
    from playwright.sync_api import sync_playwright

    main = lxml_html.parse(str(page)).find(".//main")
    title = " ".join(main.find(".//h1").text_content().split()) if main.find(".//h1") is not None else page.stem
    body, markup, absent = [], [], [f"{title} · Rust book"]
    for element in main.iter("h2", "h3", "p", "ul"):
        if element.getparent().tag in ("li", "blockquote") or element.xpath("ancestor::nav"):
            continue
        text = " ".join(element.text_content().split())
        if not text:
            continue
        if element.tag in ("h2", "h3"):
            body.append(f"## {text}")
        elif re.match(r"(Figure|Listing|Table) [\d-]+:", text):
            absent.append(text)  # a caption: set aside by the import
        elif element.tag == "ul":
            items = [" ".join(li.text_content().split()) for li in element.findall("li")]
            body.append("\n".join(f"- {item}" for item in items))
            markup.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
            continue
        else:
            body.append(text)
        markup.append(f"<{element.tag}>{escape(text)}</{element.tag}>")
    document = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title><style>
body {{ font: 10.5pt/1.35 "DejaVu Serif", serif; margin: 0; }}
h1 {{ font: bold 18pt sans-serif; margin: 0 0 14pt; }}
.text {{ column-count: {columns}; column-gap: 18pt; text-align: justify; }}
h2 {{ font: bold 12pt sans-serif; margin: 10pt 0 4pt; break-after: avoid; }}
p {{ margin: 0 0 6pt; }}
</style></head><body><h1>{escape(title)}</h1><div class="text">{"".join(markup)}</div></body></html>"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page()
        tab.set_content(document)
        tab.pdf(
            path=str(path),
            format="Letter",
            margin={"top": "60px", "bottom": "60px", "left": "60px", "right": "60px"},
            display_header_footer=True,
            header_template=f'<div style="font-size:8px;width:100%;text-align:center">{escape(title)} · Rust book</div>',
            footer_template='<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span></div>',
        )
        browser.close()
    return Reading(path, body, title, "", absent)


def shared_mime_info_spec() -> Reading:
    """A real PDF kept in bench/import_set (see SOURCES.md there), its text known from the HTML its authors
    published it in too: the paragraphs of the HTML's pages, the bibliography (which the import sets aside) left
    out."""
    from lxml import html as lxml_html

    folder = Path(__file__).resolve().parent / "import_set" / "shared-mime-info"
    body: list[str] = []
    text: list[str] = []
    for name in ("index.html", "x34.html", "x497.html"):
        root = lxml_html.parse(str(folder / name)).find(".//body")
        for aside in root.xpath(".//div[@class='NAVHEADER' or @class='NAVFOOTER' or @class='TOC']"):
            aside.getparent().remove(aside)
        for p in root.iter("p"):
            if not p.xpath("ancestor::table") and (said := " ".join(p.text_content().split())):
                body.append(said)
        text.append(" ".join(root.text_content().split()))
    return Reading(folder / "shared-mime-info-spec.pdf", body, "", "", [], " ".join(text))
