"""What each diagnostic code of loading, checking and building means, for `quizgen check --explain CODE`
(lint rules explain themselves: quizgen.lint)."""

from __future__ import annotations

import textwrap

CODES: dict[str, str] = {
    # --- YAML files -------------------------------------------------------------------------------------------
    "yaml-syntax": (
        "Error (the build stops): the file is not valid YAML, so quizgen cannot read that part of it (in "
        "items.yaml the other items are still checked). Usual causes: text holding ': ' (quote it: `prompt: "
        '"Feffer asks: why now?"`), text starting with [, {, @ or ` (quote it), a quotation mark or bracket never'
        " closed, a backslash inside double quotes, or a line indented unlike its neighbours. To fix it: correct "
        "the line named, or the line just above it; the message says what the reader found."
    ),
    "yaml-tab": (
        "Error (the build stops): a line of course.yaml, items.yaml or an article's front matter is indented with"
        " a tab. YAML indents with spaces only, so the file cannot be read. To fix it: replace the tab with "
        "spaces, lining the line up with its neighbours (many editors can convert tabs to spaces for the whole "
        "file)."
    ),
    "yaml-key": (
        "Error (the build stops): a key (the name before ':') is written as a list or mapping, like `[1990]: "
        "treaty signed` or `{Kim}: envoy`, because YAML reads text in [ ] or { } as a list or mapping; the entry "
        "is dropped. This happens most often on the left side of a match pair. To fix it: put the key in quotes, "
        'like `"[1990]": treaty signed`, or remove the brackets.'
    ),
    "yaml-quoted": (
        "Error (the build stops): quoted text that YAML reads, but not as you meant it. Either a closing "
        "quotation mark is missing and the text runs on through the next lines, which look like fields of their "
        "own (`answer: true` became part of the prompt, and later items can vanish into it), or `\\t` in double "
        'quotes became a tab (`"C:\\temp"`). To fix it: end the text with the quotation mark it starts with, '
        "before the field it swallowed; for a backslash write \\\\ in double quotes, or use single quotes."
    ),
    "duplicate-key": (
        "Error (the build stops): the same key appears twice in one mapping, e.g. two `quote:` lines in one item,"
        " or one left side twice in a match item. Plain YAML would silently keep only the last one and lose your "
        "text. To fix it: merge them (several passages make one list: `quote:` followed by one `- passage` line "
        "each) or rename one; the message gives the line of the first."
    ),
    "not-utf8": (
        "Error (the build stops): course.yaml, an items.yaml or an article.txt holds a byte that is not UTF-8, "
        "usually because it was saved in an older encoding (such as Windows-1252) with curly quotes or accented "
        "letters. quizgen reads only UTF-8, so the file is not read. To fix it: save it again as UTF-8 (in most "
        "editors: Save As, Encoding: UTF-8); the message gives the line of the first bad byte."
    ),
    "yaml-alias": (
        "Error (the build stops): YAML aliases (`*name`, each repeating what an anchor `&name` marks) in "
        "course.yaml, an items.yaml or a front matter would expand the file to over 100,000 more values than it "
        "holds. Aliases inside aliases grow like that: a few lines of them (a 'billion laughs' file) expand to "
        "gigabytes, so quizgen counts what they would add before expanding anything, and does not read the file. "
        "A few aliases, as YAML written by a program may hold, are read. To fix it: write the repeated text out "
        "where it is needed; the message names the alias that goes over."
    ),
    "not-text": (
        "Error (the build stops): article.txt or items.yaml holds a document, not plain text: a PDF, a Word or "
        "OpenDocument file, an RTF document or an HTML page (told by its first bytes), usually saved under the "
        "name by mistake. To fix it: if it is the reading, import it with `quizgen import-article FILE --slug "
        "SLUG` (a PDF or a web page as it is; other documents first saved as plain text), which writes "
        "article.txt; a bank is plain YAML text (`quizgen init NEW-FOLDER` writes one to start from)."
    ),
    "outside-course": (
        "Error (the build stops): a file or folder of the course is a symbolic link to somewhere outside the course"
        " folder (or a path leads out with '..'). A course folder is shared, so quizgen reads nothing outside it: "
        "a link could publish any file of yours in a quiz or an error message. The message names the link and "
        "where it points. To fix it: copy the file or folder into the course in place of the link. (Links that "
        "stay inside the course are read.)"
    ),
    "not-a-file": (
        "Error (the build stops): course.yaml, an items.yaml or an article.txt is a folder, a named pipe, a device"
        " or a socket rather than a plain file, so it is not read (the other files still are). To fix it: put "
        "the file itself in its place, e.g. move a file out of a folder named items.yaml and delete the folder."
    ),
    "too-big": (
        "Error (the build stops): a course file is over 64 MB, far more than any reading or bank (a long book is"
        " 2 MB of text), so it is not read: it is likely the wrong file, such as a video or an archive renamed. "
        "To fix it: put the right file in its place; split a reading that really is this long into parts."
    ),
    "file-unreadable": (
        "Error (the build stops): a course file or folder cannot be read; the message gives the system's reason,"
        " most often 'permission denied' (a file copied from another account or drive). The other files are still"
        " checked. To fix it: let your user read it (`chmod u+r FILE`, or `chmod u+rx FOLDER`)."
    ),
    "file-missing": (
        "Error (the build stops): the course folder has no course.yaml, the file that holds the course id, title "
        "and quizzes. To fix it: create course.yaml with at least `id: pols-240` and `title: ...`; `quizgen init "
        "NEW-FOLDER` writes a complete example to copy from (it writes only into a new or empty folder)."
    ),
    # --- course and articles ----------------------------------------------------------------------------------
    "course-missing": (
        "Error (the build stops): the course folder given to the command does not exist. Without a folder, "
        "quizgen uses items/, or the working folder when it holds a course.yaml. To fix it: check the path you "
        "typed, or start a new course with `quizgen init DIR`."
    ),
    "course-not-mapping": (
        "Error (the build stops): course.yaml is readable YAML but not a mapping of named fields: it is a list "
        "(lines starting with '- ') or a single text. quizgen needs fields such as `id:`, `title:` and "
        "`quizzes:`. To fix it: write each field at the start of its own line, like `id: pols-240` and `title: "
        "U.S. Policy toward North Korea`, without a leading '- '."
    ),
    "bad-slug": (
        "Error (the build stops): an article folder's name may hold only lowercase letters, digits and single '-'"
        " (like `feffer-hard-truths`). The folder name is the article's id in course.yaml and in the Anki deck "
        "ids, so a folder with another name is not read. To fix it: rename the folder, e.g. `Feffer_Truths` to "
        "`feffer-truths`, and update course.yaml's `articles:` lists. (Folders whose name starts with '.' or '_' "
        "are ignored, not checked.)"
    ),
    "article-missing": (
        "Error (the build stops): an article's text cannot be used, so its quotes cannot be checked. Either the "
        "folder has an items.yaml but no article.txt (import the reading with `quizgen import-article RAW --slug "
        "SLUG`), or article.txt exists but cannot be opened (the message gives the system's reason, such as "
        "permission denied: fix the file's permissions)."
    ),
    "article-empty": (
        "Error (the build stops): article.txt has no text after its front matter (the block between the --- "
        "lines), so there are no paragraphs to number and quote. To fix it: paste or re-import the reading below "
        "the closing ---, with a blank line between paragraphs. A front matter whose --- is never closed also "
        "leaves no text (see article-front-matter)."
    ),
    "article-front-matter": (
        "The front matter (the --- block at the top of article.txt) has a problem. Warnings (fail only --strict):"
        " the file does not start with --- (the whole file is then the article, titled by its folder name), or a "
        "key other than title, author, source, date. Errors (the build stops): the opening --- is never closed, "
        "the block is not `key: value` lines, or a value is not text (e.g. a list). To fix it: start the file "
        "with a --- line, then lines like `title: ...` and `author: ...`, then another ---."
    ),
    # --- items ------------------------------------------------------------------------------------------------
    "bank-missing": (
        "Warning (fails only --strict): an article folder has article.txt but no items.yaml, so none of its "
        "paragraphs is tested. To fix it: write its items.yaml, a list of items each starting with `- id: ...` "
        "(`quizgen init NEW-FOLDER` writes a sample bank that uses every item type); until then the warning only "
        "reminds you."
    ),
    "bank-empty": (
        "Error (the build stops): items.yaml exists but holds nothing: it is empty or only comments. To fix it: "
        "add items, each starting with `- id: ...` (`quizgen init NEW-FOLDER` shows every type); if the bank is "
        "not ready yet, delete the empty file, which leaves only a bank-missing warning."
    ),
    "bank-not-list": (
        "Error (the build stops): items.yaml must be a list of items, each starting with '- ', but it is a "
        "mapping or a single text. Common causes: a heading such as `items:` above the list, or an item written "
        "without its '- '. To fix it: start every item with `- id: ...` at the left margin, its other fields "
        "indented under it."
    ),
    "item-not-mapping": (
        "Error (the build stops): an entry of items.yaml is not an item with named fields: it is a text (like `- "
        "What is the border?`), a list, or empty (a lone '-'). That entry is skipped. To fix it: write it as `- "
        "id: ...` followed by `type:`, `prompt:` and its other fields, indented under the id."
    ),
    "missing-field": (
        "Error (the build stops): a required field is absent, or has no value (`prompt:` with nothing after it). "
        "Items need `id`, `type`, `prompt` and `quote`, plus `answer` (every type but cloze; true or false for "
        "tf, a number for numeric) and `distractors` (mcq, multi); course.yaml needs `id` and `title`; each quiz "
        "needs `id`. To fix it: add the field with its value. (A match item without `answer` is match-pairs.)"
    ),
    "unknown-field": (
        "Error (the build stops): an item, course.yaml or a quiz has a field quizgen does not know, usually a "
        "typo like `distractor:` or `explanation:`; its text would otherwise be ignored without a word. The "
        "message suggests the nearest known name, or lists the known ones. To fix it: rename the field or delete "
        "it. (Front matter keys and lint settings have their own codes: article-front-matter, bad-lint.)"
    ),
    "field-not-for-type": (
        "Error (the build stops): an item has a field its type does not use, e.g. `distractors` in a tf item, "
        "`tolerance` outside numeric, `shuffle` outside mcq, multi and match, or `answer` in a cloze item (its "
        "answers are the deletions in the prompt). The message lists the fields the type takes. To fix it: delete"
        " the field, or correct `type:` if the item was meant to be another type."
    ),
    "empty-field": (
        'Error (the build stops): a required text field holds only blanks, like `prompt: ""` or `id: " "`, which '
        "would make an empty question, card or id. To fix it: write the text between the quotes. (A field with no"
        " value at all is missing-field.)"
    ),
    "wrong-kind": (
        "Error (the build stops): a value has the wrong shape. Text was expected but YAML read a list or mapping "
        "(a ': ' in unquoted text makes a mapping: quote the text); a list has an empty or nested entry; "
        "`shuffle`, `answer_sheet` and a tf answer must be true or false; `points`, `tolerance` and a numeric "
        "answer must be digits only (`880`, not `880 miles` or `1,000`); `count`, `forms`, `seed`, `time_limit` "
        "and per_type counts must be whole numbers; `articles` and `quizzes` must be lists, `per_type` a mapping "
        "like `{mcq: 5, tf: 3}`. To fix it: write the value as the message says."
    ),
    "wrong-value": (
        "Error (the build stops): a field that takes one of a few words has another: `difficulty` is easy, medium"
        " or hard; `page_size` (course or quiz) is letter or a4. Capitals do not matter. To fix it: use one of "
        "those words, e.g. `difficulty: medium`, or remove the field."
    ),
    "out-of-range": (
        "Error (the build stops): a number is outside what its field allows: `points` (item or quiz) and "
        "`tolerance` cannot be negative; a quiz's `count`, `forms`, `time_limit` and each per_type count must be "
        "at least 1; and `forms` is at most 26, as forms are lettered A to Z. To fix it: use a number in range, "
        "e.g. `tolerance: 5` rather than `-5` (the tolerance already counts both ways)."
    ),
    "too-few": (
        "Error (the build stops): a list has fewer entries than needed: an mcq needs at least 2 distractors, a "
        "multi at least 1 correct answer and 1 distractor, a short item at least 1 accepted answer, every item at"
        " least 1 quote, a match item at least 3 pairs, and a quiz's `articles` at least 1 article. With fewer, "
        "the question would be a giveaway. To fix it: add entries, or in a quiz write `articles: all`."
    ),
    "too-many": (
        "Error (the build stops): an mcq or multi item has more than 26 options (answers and distractors "
        "together), or a match item more than 26 pairs. Options are lettered A to Z, so there is no letter for "
        "more. To fix it: cut options or pairs, or split the item in two."
    ),
    "bad-id": (
        "Error (the build stops): an item id, the course id or a quiz id may hold only lowercase letters, digits "
        "and single '-' between them (like `barry-nixon-china`): no capitals, spaces, underscores, or '-' at "
        "either end. Ids become identifiers in Anki decks and LMS packages. To fix it: rewrite the id, e.g. "
        "`Feffer_Goal` as `feffer-goal`, and then never change it once it has shipped."
    ),
    "duplicate-id": (
        "Error (the build stops): two items in the course have the same id, in one bank or in two; the message "
        "points to the second and says where the first is. An id identifies its item's Anki note and LMS "
        "question, so it must be unique in the course. To fix it: give one item a new id, preferably the newer "
        "one: an id that has already shipped to students should stay as it is."
    ),
    "bad-type": (
        "Error (the build stops): a type name is not one of the nine: mcq, multi, tf, short, numeric, cloze, "
        "match, essay, card. It is in an item's `type:`, or in a quiz's `types:` or `per_type:` in course.yaml. "
        "To fix it: correct the name, e.g. `type: tf` rather than `type: truefalse`."
    ),
    "duplicate-option": (
        "Error (the build stops): two options of one item are the same once case, spacing, quote and dash styles "
        "and final punctuation are ignored, e.g. `Beijing` and `beijing.`. Students would see the same choice "
        "twice, perhaps once right and once wrong. It covers an mcq's or multi's answers and distractors "
        "together, a short item's accepted answers and a match item's right-hand sides. To fix it: make each one "
        "different, or delete the repeat."
    ),
    "match-pairs": (
        "Error (the build stops): a match item's `answer` must be a mapping of pairs, one `left: right` a line "
        "indented under `answer:`, like `Kim Kye Gwan: North Korean Vice Foreign Minister`. It fires when "
        "`answer` is missing, is a list or a text, or when a pair has no text on one side of the ':'. To fix it: "
        "write each pair as `term: its match` on its own line."
    ),
    "empty-face": (
        "Error (the build stops): a prompt, answer, distractor or explanation holds only invisible characters, "
        "such as zero-width spaces or soft hyphens that came with pasted text. It looks filled in, but the card "
        "or question would show nothing. To fix it: delete the value and type the text again."
    ),
    "control-char": (
        "Error (the build stops): a prompt, answer, distractor or explanation holds an invisible control "
        "character (the message gives its U+ code), which Anki and the XML of LMS packages cannot carry. It "
        'usually comes from a backslash inside double quotes: in "..." YAML reads `\\b`, `\\f` or `\\e` as control '
        "characters. A control character written in a file itself (a NUL byte, often the mark of a file saved by "
        "another program) is an error at its line and column, and the file is not read. To fix it: delete it; for"
        " a real backslash write `\\\\` inside double quotes, or use single quotes."
    ),
    "cloze-syntax": (
        "Error (the build stops): a cloze prompt has a deletion not written `{{c1::hidden text}}` (or "
        "`{{c1::hidden text::hint}}`), so quizgen cannot tell what to hide. Either stray braces are left, as in "
        "`{{c2:China}}` (one colon), a third brace stands beside a deletion, as in `{{c1::Seoul}}}` (the card "
        "would show it), or a deletion missing a closing brace runs on into the next one, as in "
        "`{{c1::Seoul} and {{c2::Tokyo}}`; the message quotes the part that is wrong. To fix it: give each "
        "deletion two braces on each side, a lowercase c with its number, and '::' after the number."
    ),
    "yaml-joined": (
        "Error (the build stops): in a list, a line starting with '- ' is indented deeper than the entry above "
        "it, so YAML does not read it as a new entry but as more words of that entry: `- At the hive` over `  - "
        "On the flowers` gives the one option 'At the hive - On the flowers' (a blank line between gives it a "
        "line break). The message shows the joined text. To fix it: line up the '- ' of every entry of the "
        "list; if the dash belongs to the entry, put the entry in quotes."
    ),
    "duplicate-title": (
        "Error (the build stops): two articles have the same title (ignoring case). Anki names each article's "
        "deck by its title, Moodle its question category, and every answer cites its reading by title, so "
        "students and LMS imports could not tell the two apart (Anki renames one deck with trailing underscores)."
        " To fix it: change the `title:` in the front matter of one article.txt, e.g. add a part number."
    ),
    "misnamed-file": (
        "Error (the build stops): an article folder has no article.txt or no items.yaml, but a file that looks "
        "meant to be it: the same name in other capitals (`Items.yaml`), another extension (`items.yml`, "
        "`article.md`) or the singular (`item.yaml`). quizgen reads only `article.txt` and `items.yaml`; without this "
        "error the reading would be built with no items, and a rebuild would retire its Anki notes. To fix it: "
        "rename the file as the message shows."
    ),
    "cloze-markup": (
        "Error (the build stops): Markdown emphasis in a cloze prompt opens inside a deletion and closes outside "
        "it (or the other way round), as in `*encodes {{c2::distance*}}`. Where the deletion is hidden, the "
        "outputs render the text around it apart from the deletion, so the marks do not pair and students see "
        "stray `*` or `_` (and Anki's card turns italic to its end). To fix it: keep each pair of marks inside the"
        " deletion, `{{c2::*distance*}}`, or around all of it, `*encodes {{c2::distance}}*`."
    ),
    "cloze-none": (
        "Error (the build stops): a cloze item's prompt has no deletion, so there is nothing to hide. Deletions "
        "are written `{{c1::hidden text}}`; a malformed one such as `{{c1:Pyongyang}}` does not count. To fix it:"
        " mark the hidden words, like `prompt: The capital is {{c1::Pyongyang}}.`, or change `type:` if the item "
        "is not meant to be a cloze."
    ),
    "cloze-numbering": (
        "Error (the build stops): a cloze prompt's deletions must be numbered c1, c2, c3 ... without gaps; the "
        "message shows the numbers found (e.g. c1, c3). In Anki each number is one card, and two deletions with "
        "the same number are hidden together on one card. To fix it: renumber them, e.g. c3 to c2."
    ),
    "cloze-empty": (
        "Error (the build stops): a cloze deletion hides nothing, like `{{c1::}}` or `{{c1::::a hint}}`, so its "
        "blank would have no answer. To fix it: write the hidden text after the '::', like `{{c1::Pyongyang}}` (a"
        " hint goes after a second '::': `{{c1::Pyongyang::capital}}`)."
    ),
    "cloze-outside": (
        "Error (the build stops): an item that is not a cloze has a cloze deletion (`{{c1::...}}`) in its prompt,"
        " answer, distractors or explanation. Only cloze items hide deletions, so students would see the braces. "
        "To fix it: make it `type: cloze` if it is meant to be one (a cloze has no `answer` or `distractors`), or"
        " remove the braces."
    ),
    "bad-allow": (
        "Error (the build stops): an item's `allow` must map a lint rule code to your reason for breaking it on "
        "purpose, like `allow: {key-longest: the full title is the answer}`, and the reason cannot be empty. It "
        "also fires for a code that is not a lint rule (the message suggests the nearest) and for the course-wide"
        " rules bank-key-longest, tf-balance and unused-allow, which no single item can allow: tune or disable "
        "those under `lint:` in course.yaml."
    ),
    "bad-lint": (
        "Error (the build stops): the `lint:` section of course.yaml is wrong: it is not a mapping; it names an "
        "unknown rule; `disable` is not a list of rule codes (`disable: [clang, hedged-key]`) or names an unknown"
        " one; a rule's entry is not a mapping of settings (`key-longest: {ratio: 1.5}`); or a setting is "
        "unknown, not a (whole) number, or out of its range. To fix it: follow the message; `quizgen check "
        "--explain RULE` lists a rule's settings and their ranges."
    ),
    # --- quotes -----------------------------------------------------------------------------------------------
    "quote-not-found": (
        "Error (the build stops): a quote is not in the article, so the answer cannot be tied to its passage. "
        "Spacing, line breaks, curly or straight quotes, dashes, split ligatures and line-break hyphens are "
        "forgiven; the message shows the closest passage and its ¶. It also fires when a quote runs across a "
        "paragraph break, or when the parts of an elided quote (`...`) are missing, out of order or in different "
        "paragraphs: make such a quote a list, one passage per paragraph. To fix it: copy from article.txt."
    ),
    "quote-case": (
        "Warning (fails only --strict): the quote is found, but its capitals differ from the article's (the "
        "message gives the ¶), e.g. `the united states` for `The United States`. The outputs show the article's "
        "own text, but the bank's quote should be verbatim, and a difference in capitals often means it was "
        "retyped rather than copied. To fix it: copy the capitals exactly from article.txt."
    ),
    "quote-ambiguous": (
        "Warning (fails only --strict): the quoted words stand in more than one paragraph (the message lists "
        "them), so quizgen cannot tell which passage you meant. It uses the first, and the card, key and preview "
        "would cite and highlight that one, which may be the wrong passage. To fix it: quote a few more words, so"
        " that the passage occurs only once in the article."
    ),
    "quote-partial-word": (
        "Warning (fails only --strict): the quote starts or ends inside a word of the article, e.g. `ear program`"
        " matching inside `nuclear program`. Cards, keys and feedback show the passage exactly as matched, so "
        "students would see a cut word. To fix it: extend the quote to whole words (`nuclear program`)."
    ),
    # --- quizzes ----------------------------------------------------------------------------------------------
    "unknown-article": (
        "Error (the build stops): course.yaml names an article the course does not have, in its `articles:` list "
        "(no article folder by that name) or in a quiz's `articles:`. Usually a typo in the slug, which is the "
        "article's folder name. To fix it: write the folder name exactly, like `articles: [feffer-hard-truths]`, "
        "import the missing reading with `quizgen import-article`, or write `articles: all` in a quiz."
    ),
    "article-unquizzed": (
        "Note (informational; never fails): course.yaml lists quizzes, and none of them draws on these articles, "
        "though they have items a quiz can hold. Their items still go to the Anki decks and the HTML preview, so "
        "this may be what you want (a reading studied but not tested); usually a newly added article was not "
        "added to a quiz yet. To quiz it: add its folder name to a quiz's `articles:`, or write `articles: all`."
    ),
    "duplicate-quiz": (
        "Error (the build stops): two quizzes in course.yaml have the same `id`. A quiz's id names its files "
        "(`pdf/<quiz>-A.pdf`, `qti/<quiz>.zip`, ...) and its LMS identifiers, so each must be unique. To fix it: "
        "rename one of them, e.g. `id: midterm-2`."
    ),
    "quiz-impossible": (
        "Error (the build stops): a quiz asks for more than its articles' items can give: a `per_type` count "
        "above the items of that type, a `count` above the items available (or below the per_type total), or no "
        "item at all of its articles and types. Cards count only when `types` or `per_type` names card. To fix "
        "it: lower `count` or `per_type`, add articles or types to the quiz, or write more items."
    ),
    "pool-field": (
        "Error (the build stops): a quiz with `pools` also names `articles`, `count`, `types` or `per_type`; a "
        "pooled quiz takes its items from its pools, each naming its own articles and types. To fix it: move "
        "the field into the pools (for example `pools: [{articles: [slug], types: [mcq], pick: 4}]`)."
    ),
    # --- writers ----------------------------------------------------------------------------------------------
    "lms-omitted": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): an item of a quiz is "
        "left out of one LMS package because that format cannot hold it. Cards are left out of every LMS package "
        "(flashcards are study material, not quiz questions); the Common Cartridge also leaves out match items "
        "and cloze items with more than one blank. Nothing needs fixing: cards still go to Anki, and Canvas QTI, "
        "QTI 2.1 and Moodle XML carry match and multi-blank cloze items."
    ),
    "lms-partial-credit": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): in the Canvas QTI 1.2 "
        "package, a multi (select all that apply) item is scored by Canvas's own partial-credit rule, not "
        "all-or-nothing; in the Common Cartridge, Moodle's cartridge import scores its wrong options 0% (it has no "
        "penalties), so ticking every option earns full marks there (import the Moodle XML file to keep them). No "
        "edit of the item changes this; the note tells you how the LMS will grade the question."
    ),
    "lms-converted": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): the Common Cartridge "
        "package changes the kind of question. A numeric item becomes a fill-in-the-blank that accepts exactly "
        "the answer's text as written, so any `tolerance` is lost (880 with tolerance 5 accepts only `880`); a "
        "one-blank cloze item becomes a fill-in-the-blank question. In the Canvas QTI 1.2 package, an order item "
        "becomes a matching question that pairs each step with its place (Canvas Classic has no ordering type; "
        "its own importer turns a QTI 2.1 ordering question into the same). Nothing needs fixing; the other LMS "
        "formats keep the tolerance and the ordering type."
    ),
    "lms-no-pools": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): a quiz draws from "
        "`pools`, and the Common Cartridge 1.1 profile forbids question selection, so the cartridge holds every "
        "item of the pools and every student gets them all. Nothing needs fixing; Canvas QTI, QTI 2.1 and Moodle "
        "XML carry the pools."
    ),
    "lms-model-answer": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): a quiz shows essays' "
        "model answers to graders only (`model_answers: graders`, the default), and this format (Canvas QTI 1.2, "
        "Common Cartridge) has no place that only graders see, so the model answer is left out of the package. "
        "It stays in the PDF and HTML keys; Moodle XML keeps it as information for graders and QTI 2.1 as a "
        "scorer's rubric. Write `model_answers: students` in the quiz to show it to students as feedback."
    ),
    "lms-empty": (
        "Warning (fails only `build --strict`, and `check --strict --format`): a quiz has items, but none this "
        "LMS format can carry, so no package is written for that quiz in that format; e.g. a quiz of only cards, "
        "or for the Common Cartridge only match, multi-blank cloze and card items. To fix it: add items of types "
        "the format carries, or build only the formats you need with `quizgen build --format ...`."
    ),
    "lms-fraction": (
        "Warning (fails only `build --strict`, and `check --strict --format`): in Moodle XML each correct option "
        "of a multi item gets a share of the marks from Moodle's fixed list of fractions, and 11 to 19 correct "
        "options cannot share 100% equally (some get 10%, others 5%; the message gives the shares). To fix it: "
        "give the item at most 10 correct options, e.g. by splitting it in two, or accept the unequal shares."
    ),
    "lms-cloze": (
        "Warning (fails only `build --strict`, and `check --strict --format`): a cloze item's hidden text "
        "contains '~', which Moodle's embedded answers read as a separator between answers, so the Moodle "
        "question would not expect the text as you wrote it. To fix it: reword the hidden text without '~', e.g. "
        "`{{c1::about 880}}` rather than `{{c1::~880}}`."
    ),
    "lms-cloze-marks": (
        "Warning (fails only `build --strict`, and `check --strict --format`): a Moodle cloze question is worth a"
        " whole number of marks per blank, and this item's points do not divide into whole marks per blank (e.g. "
        "1 point over 2 blanks). The Moodle question gets 1 mark per blank instead, so it is worth as many marks "
        "as it has blanks. To fix it: set `points:` to a multiple of the number of blanks (`points: 2` for two "
        "blanks), or set the question's mark in the Moodle quiz after import."
    ),
    "lms-tiny-number": (
        "Warning (fails only `build --strict`, and `check --strict --format`): a numeric item's answer is closer "
        "to 0 than 0.0001 (but not 0), and Canvas turns such answers into 0, so the Canvas question would expect "
        "0. To fix it: ask for the number in a smaller unit, so that the answer is 0.0001 or more (e.g. 25 "
        "micrometres rather than 0.000025 metres)."
    ),
    "pdf-rtl": (
        "Warning (fails only `build --strict`, and `check --strict --format`): an item of a quiz, or an article "
        "it draws on, has right-to-left words (Hebrew, Arabic and the like). The PDFs lay every line out left to "
        "right, so such words print with their letters in reverse order, and Arabic letters unjoined. The HTML, "
        "Anki and LMS outputs show them correctly. To fix it: keep such items out of printed quizzes (their "
        "`types` or `articles`), or write the word in transliteration; in an article, leave it if a quote needs "
        "it."
    ),
    "pdf-glyph": (
        "Warning (fails only `build --strict`, and `check --strict --format`): a character (given with its U+ "
        "code) is in none of the fonts embedded in the PDFs (DejaVu, and NanumGothic for Korean), so it would "
        "print as an empty box. Checked: the items of quizzes, the articles they draw on, and course and quiz "
        "titles and instructions; the message names the item, or the article's first paragraph with one. To fix "
        "it: rephrase the item without the character, e.g. an emoji in words. In an article, leave a character a "
        "quote needs (quotes must match the article): it is only the key's copy of the article that shows the "
        "box."
    ),
    "anki-first-release": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): the course has no "
        "anki-release.json yet, so this is its first Anki release. A build that succeeds writes that file in the "
        "course folder; it records what each note shipped as, so that later releases update students' cards in "
        "place rather than duplicating them. To do: commit anki-release.json with the bank after the build, and "
        "keep it."
    ),
    "anki-record": (
        "Error (the build stops, nothing is written), from `quizgen build` (and `check --format`): this release "
        "changes the Anki release record (anki-release.json in the course folder), and the file cannot be written"
        " there, e.g. because the course folder is read-only. Without the record, the next release could not "
        "update students' notes in place. To fix it: make the course folder writable (or build from a writable "
        "copy), then build again."
    ),
    "anki-retired": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): an item that an earlier "
        "Anki release shipped is gone from the bank. Anki never deletes notes on import, so its note ships once "
        "more tagged quizgen::retired, with a notice on the card, for students to suspend it. If you removed it "
        "by mistake, or changed its id, put it back with its old id: the next release ships it again as a normal "
        "note."
    ),
    "anki-deck-renamed": (
        "Note (informational; never fails), from `quizgen build` (and `check --format`): a deck's name changed "
        "since the last Anki release, because the course title or an article's title changed (decks are named "
        "`Course title::Article title`). Anki then creates the new deck but leaves students' existing cards in "
        "the old one. If the rename was not intended, restore the old title; otherwise tell students where their "
        "cards are."
    ),
    # --- figures and formulas -----------------------------------------------------------------------------
    "figure-alt": (
        "Error (the build stops): a figure, `![](figures/map.png)`, has no alt text. Students who use screen "
        "readers hear the alt text in place of the image, in every output. To fix it: say between the brackets "
        "what the figure shows, `![Map of the Korean border](figures/map.png)`."
    ),
    "figure-outside": (
        "Error (the build stops): a figure's path leaves the article's folder: it is absolute, a URL, climbs with "
        "`..`, or is a link that leads out. Outputs carry only files from the course, and a course folder may not "
        "reach into the rest of the computer. To fix it: copy the image into the article's folder (e.g. "
        "`items/<slug>/figures/`) and write the path from there: `figures/map.png`."
    ),
    "figure-format": (
        "Error (the build stops): a figure is not a PNG, JPEG, GIF or SVG file (by its extension), the formats "
        "every output can carry. To fix it: export or convert the image to one of them."
    ),
    "figure-missing": (
        "Error (the build stops): a figure's file does not exist at the path written, which is relative to the "
        "article's folder. To fix it: correct the path (names are case-sensitive) or add the file."
    ),
    "figure-bad": (
        "Error (the build stops): a figure's file is not the image its extension claims (a JPEG named .png, a "
        "broken or truncated file, an SVG that is not well-formed or that links to other files). To fix it: "
        "export the image again, or give it the extension of what it holds."
    ),
    "figure-large": (
        "Warning: a figure weighs more than 2 MB or is wider or taller than 4,000 pixels. Every package "
        "(each Anki deck, each LMS package, Moodle's XML as base64) carries it, and phones load it slowly. To fix "
        "it: scale it down (2,000 px is plenty for a screen and for print) or compress it."
    ),
    "math-unbalanced": (
        "Error (the build stops): a `\\(` or `\\[` that opens a formula is never closed by `\\)` or `\\]` (or "
        "one closes a formula that never opened). Formulas go between `\\(` and `\\)` inline and `\\[` and "
        "`\\]` on their own line; a `$` is always text. To fix it: add the missing delimiter."
    ),
    "math-invalid": (
        "Error (the build stops): a formula is LaTeX that the renderers cannot typeset (the PDF's mathtext and the"
        " MathML converter know the common math commands, not packages or environments like "
        "`\\begin{pmatrix}`). To fix it: correct the LaTeX, or write it with the commands they know (`\\frac`, "
        "`\\sqrt`, `^`, `_`, Greek letters, `\\sum`, `\\int`, `\\text`)."
    ),
    # --- quizgen analyze ---------------------------------------------------------------------------------------
    "item-analysis": (
        "Warning, from `quizgen analyze` (never from check or build): a quiz's results say this item did not work "
        "as a test item. Too easy (over 90% right) or too hard (under 30%, or below what guessing gets): it tells "
        "students apart little. Negative discrimination (students who did well on the rest of the test did worse "
        "on it) or a distractor the top 27% chose more than the key: a probable key error, or an option that is "
        "also right; read the item against its quote. Low discrimination (corrected point-biserial under 0.20): it "
        "measures something else than the rest of the quiz. A distractor nobody chose: replace it with a mistake "
        "students make. Leaving it out raises alpha: it pulls against the other items. To fix it: edit the item "
        "at the line named and build again. Every student left it blank: it may not have been on the paper they got, "
        "or its answers were not exported. Items answered by fewer than 5 students get no flags; with fewer than "
        "20 students, read the figures as hints."
    ),
}


def describe(code: str) -> str:
    """The explanation of a code as plain text, wrapped; KeyError for an unknown code."""
    return f"{code}\n\n" + textwrap.fill(CODES[code], width=100)
