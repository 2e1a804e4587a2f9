"""Quotations in French, German, Spanish, Italian, Portuguese, Chinese, Japanese and Arabic
(briefgen.quotes.intl),
through ``find_quotes(text, language=...)``, the ``quotes`` command and ``build``.

Every text here was written for these tests; none is taken from real news.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli.main import app
from briefgen.document import Quote
from briefgen.quotes import QUOTE_LANGUAGES, extract_quotes, find_quotes, has_quote_rules
from tests.calls import count_calls

DATA = Path(__file__).resolve().parent / "data" / "quotes_intl.jsonl"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
runner = CliRunner()


def said(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text, language=language)]


def test_german_quote_goes_to_the_mayor_not_the_river_gauge() -> None:
    text = (
        "Das Hochwasser an der Donau steigt weiter. Der Pegel Donau zeigte 6,20 Meter.\n\n"
        "„Wir haben die Lage im Griff“, sagte Bürgermeister Hans Weber am Montag.\n\n"
        "»Die Dämme halten noch«, so Weber."
    )
    assert said(text, "de") == [
        ("Wir haben die Lage im Griff", "Hans Weber"),
        ("Die Dämme halten noch", "Hans Weber"),
    ]
    assert extract_quotes(text, language="de")[0].speaker_role == "Bürgermeister"


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", ""])
def test_french_guillemets_with_or_without_inner_spaces(space: str) -> None:
    text = (
        f"La préfète, Claire Morel, a visité la digue. «{space}Nous tiendrons{space}», "
        "a déclaré la préfète.\n\n"
        f"Le maire Jean Dupont a déclaré : «{space}La ville est prête.{space}»"
    )
    assert said(text, "fr") == [
        ("Nous tiendrons", "Claire Morel"),
        ("La ville est prête.", "Jean Dupont"),
    ]


def test_french_inversion_pronoun_and_dialogue_dash() -> None:
    text = (
        "La ministre de la Santé, Anne Roux, a présenté son plan.\n\n"
        "« Aucun service ne fermera », a-t-elle assuré.\n\n"
        "— Nous ne reculerons pas, a affirmé M. Paul Girard, le directeur de l'hôpital.\n\n"
        "— Voici la liste des services concernés"
    )
    assert said(text, "fr") == [
        ("Aucun service ne fermera", "Anne Roux"),
        ("Nous ne reculerons pas", "Paul Girard"),
    ]  # the last dash opens no dialogue: no verb of speech


def test_spanish_dashes_and_subjectless_verb() -> None:
    text = (
        "La alcaldesa, Ana Ruiz, visitó el barrio inundado.\n\n"
        "«Vamos a reconstruirlo todo», afirmó.\n\n"
        "—No dejaremos a nadie atrás —dijo el ministro del Interior, Luis Vega—. Es nuestra "
        "obligación."
    )
    quotes = extract_quotes(text, language="es")
    assert [(q.speaker, q.cue) for q in quotes] == [("Ana Ruiz", "afirmó"), ("Luis Vega", "dijo")]
    assert quotes[1].text == "No dejaremos a nadie atrás. Es nuestra obligación."


def test_italian_and_portuguese_curly_marks_and_according_to() -> None:
    italian = (
        "Il sindaco Marco Bianchi ha parlato ai giornalisti.\n\n"
        "“La città è pronta”, ha detto il sindaco.\n\n"
        "Secondo la Protezione civile, “la marea calerà domani”."
    )
    assert said(italian, "it") == [
        ("La città è pronta", "Marco Bianchi"),
        ("la marea calerà domani", "la Protezione civile"),
    ]
    portuguese = "“Precisamos de ajuda”, disse o prefeito do Porto, Rui Lopes."
    assert said(portuguese, "pt") == [("Precisamos de ajuda", "Rui Lopes")]


def test_role_named_later_and_single_guillemets_inside() -> None:
    text = (
        "« Le projet ‹ Horizon › est abandonné », a annoncé le directeur.\n\n"
        "Le directeur de l'usine, Marc Petit, a reçu les syndicats mardi."
    )
    (q,) = extract_quotes(text, language="fr-FR")
    assert (q.text, q.speaker, q.resolved_from) == (
        "Le projet ‹ Horizon › est abandonné",
        "Marc Petit",
        "le directeur",
    )


def test_chinese_roles_time_words_pronouns_and_a_split_quotation() -> None:
    text = (
        "青湾市遭遇连日暴雨。\n\n"
        "青湾市市长王建国周一在防汛会议上表示：“我们将在入冬前完成堤坝加固工程。”\n\n"
        "市气象台台长李秀兰提醒市民注意安全。“未来三天仍有强降雨。”她说。\n\n"
        "“我们计划换成电动车，”王建国说，“这需要两亿元。”\n\n"
        "“McDonald’s的门店也会关闭。”他说。"
    )
    quotes = extract_quotes(text, language="zh-CN")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("我们将在入冬前完成堤坝加固工程。", "王建国"),
        ("未来三天仍有强降雨。", "李秀兰"),
        ("我们计划换成电动车，这需要两亿元。", "王建国"),
        ("McDonald’s的门店也会关闭。", "王建国"),  # an apostrophe closes nothing
    ]
    assert (quotes[0].speaker_role, quotes[0].cue) == ("青湾市市长", "表示")
    assert (quotes[1].resolved_from, quotes[1].kind) == ("她", "full")


def test_chinese_corner_marks_roles_alone_and_terms_in_marks() -> None:
    text = (
        "台北市交通局局長陳志明昨天宣布，捷運將延長營運時間。南岭市将推出“生活圈”计划。\n\n"
        "「週五和週六晚上，捷運將營運到凌晨兩點。」該局長說。\n\n"
        "「這是第一步。」\n\n"
        "那是一个「未闭合的标记"
    )
    assert said(text, "zh") == [
        ("週五和週六晚上，捷運將營運到凌晨兩點。", "陳志明"),
        ("這是第一步。", "陳志明"),
    ]  # the term in marks and the mark left open give no quotation


def test_arabic_verb_first_feminine_and_subjectless_verbs() -> None:
    text = (
        "وقال رئيس البلدية خالد المنصوري إن «فرق الطوارئ تعمل على مدار الساعة».\n\n"
        "من جهتها، حذرت مديرة الأرصاد الجوية ليلى الزعبي من أمطار جديدة. "
        "وقالت: «على السكان الابتعاد عن مجاري الأودية».\n\n"
        "وأضاف: «سنعوض جميع الأسر المتضررة».\n\n"
        "«نحن نتفهم قلق السكان»، قالت الزعبي."
    )
    quotes = extract_quotes(text, language="ar")
    assert [(q.speaker, q.cue) for q in quotes] == [
        ("خالد المنصوري", "وقال"),
        ("ليلى الزعبي", "وقالت"),
        ("خالد المنصوري", "وأضاف"),  # the masculine verb skips the woman named last
        ("ليلى الزعبي", "قالت"),
    ]
    assert quotes[0].speaker_role == "رئيس البلدية"


def test_arabic_subject_before_the_verb_appositive_and_according_to() -> None:
    text = (
        'أما الباحث أحمد السيد فقال: "نأمل أن نطور ألواحا شمسية أرخص".\n\n'
        "وقال صاحب مطعم في السوق القديم، فادي عيسى: “لم نشهد موسما كهذا منذ عشر سنوات”.\n\n"
        "وبحسب مدير المستودع، فإن «قيمة الأدوية المسروقة تتجاوز مئة ألف دينار».\n\n"
        "ووصف المشروع بأنه «حلم»."
    )
    assert said(text, "ar") == [
        ("نأمل أن نطور ألواحا شمسية أرخص", "أحمد السيد"),
        ("لم نشهد موسما كهذا منذ عشر سنوات", "فادي عيسى"),
        ("قيمة الأدوية المسروقة تتجاوز مئة ألف دينار", "مدير المستودع"),
        ("حلم", "فادي عيسى"),  # the project is what is described, not who describes it
    ]


def test_arabic_reported_words_present_tense_and_participles() -> None:
    text = (
        "ونقلت الوكالة عن وزير الطاقة سمير بركات قوله إن «الزيادة ضرورية».\n\n"
        "«خسرنا نصف المحصول هذا العام»، يقول المزارع حسن العمر وهو يشير إلى حقله.\n\n"
        "وأضاف مؤكدا أن «الأسعار لن ترتفع على المشتركين»."
    )
    assert [(q.speaker, q.resolved_from) for q in extract_quotes(text, language="ar")] == [
        ("سمير بركات", None),
        ("حسن العمر", None),
        ("حسن العمر", "مؤكدا"),
    ]


def test_chinese_named_after_a_referring_word_and_verbs_with_dao() -> None:
    text = (
        "“退货难是最多的问题。”该协会秘书长邱文华在发布会上说。\n\n"
        "“对话是唯一途径，”罗晓宁补充道，“任何单方面行动都无助于缓和。”"
    )
    assert said(text, "zh") == [
        ("退货难是最多的问题。", "邱文华"),
        ("对话是唯一途径，任何单方面行动都无助于缓和。", "罗晓宁"),
    ]


def test_chinese_quotation_over_two_paragraphs_said_in_the_next() -> None:
    text = (
        "“今年我们要完成三件事。第一，装好电梯；\n\n“第二，办好食堂。”\n\n"
        "市长王建国在会上这样说。南岭市将推出“生活圈”计划。"
    )
    quotes = extract_quotes(text, language="zh")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("今年我们要完成三件事。第一，装好电梯；第二，办好食堂。", "王建国")
    ]  # the term in marks woven into a sentence is not a quotation


def test_arabic_title_in_marks_and_a_name_between_commas() -> None:
    text = (
        "وصرّح المدير العام للميناء أنور السعدي لـ«الجريدة» بأن «حركة السفن عادت».\n\n"
        "«لن نسمح بتكرار ما حدث»، بهذه الكلمات علق وزير الداخلية فؤاد الحلبي.\n\n"
        "من جهته، أكد رئيس نقابة المهندسين، وائل الشريف، أن «البناء لم يكن مرخصا»."
    )
    assert said(text, "ar") == [
        ("حركة السفن عادت", "أنور السعدي"),
        ("لن نسمح بتكرار ما حدث", "فؤاد الحلبي"),
        ("البناء لم يكن مرخصا", "وائل الشريف"),
    ]


def test_japanese_announced_quotation_and_a_title_in_marks() -> None:
    text = (
        "文部科学省は「いじめ防止基本方針」を改定した。"
        "商工会議所の石田康夫会頭は次のように語った。「若い人が店を開きやすい仕組みをつくりたい」"
    )
    assert said(text, "ja") == [("若い人が店を開きやすい仕組みをつくりたい", "石田康夫")]


def test_japanese_subject_carried_from_the_sentence_before() -> None:
    text = (
        "気象庁の大西正人課長は五日の記者会見で、大雨になるおそれがあると説明した。"
        "「早めの避難を心がけてほしい」と強調した。"
    )
    assert said(text, "ja") == [("早めの避難を心がけてほしい", "大西正人")]


def test_japanese_subject_before_or_after_and_honorifics() -> None:
    text = (
        "交通課の森田さおり課長は記者会見で「利用者が少なければ、路線を見直す」と説明した。\n\n"
        "「初日から千人以上が来てくれた」と、館長の小林美咲さんは話した。\n\n"
        "消防署の佐々木健一署長によると、「風が強く、火の回りが速かった」という。\n\n"
        "「このチームで優勝できて幸せです」と森田課長は話した。これは「奇跡」という言葉だ。"
    )
    quotes = extract_quotes(text, language="ja")
    assert [(q.text, q.speaker) for q in quotes] == [
        ("利用者が少なければ、路線を見直す", "森田さおり"),
        ("初日から千人以上が来てくれた", "小林美咲"),
        ("風が強く、火の回りが速かった", "佐々木健一"),
        ("このチームで優勝できて幸せです", "森田さおり"),
    ]  # "「奇跡」という" names a word: no quotation
    assert (quotes[0].speaker_role, quotes[1].speaker_role) == ("課長", None)


def test_scare_quotes_are_not_quotations() -> None:
    text = "Le gouvernement présente un budget « responsable » et des mesures « fortes »."
    assert extract_quotes(text, language="fr") == []


def test_languages_without_rules_give_no_quotations() -> None:
    text = 'De minister zei: "We gaan de dijk versterken voor de winter," aldus Jan de Vries.'
    assert find_quotes(text, language="nl") == []
    assert not has_quote_rules("nl") and not has_quote_rules("ko")
    assert has_quote_rules("") and has_quote_rules("en-GB") and has_quote_rules("pt-BR")
    assert has_quote_rules("zh-TW") and has_quote_rules("ar") and has_quote_rules("ja")
    assert {"en", "fr", "de", "es", "it", "pt", "zh", "ar", "ja"} <= QUOTE_LANGUAGES


def test_english_path_is_the_same_with_or_without_the_language() -> None:
    for path in sorted(SAMPLES.glob("*.md"))[:6]:
        text = path.read_text(encoding="utf-8")
        assert find_quotes(text) == find_quotes(text, language="en") == find_quotes(text, 3, "")


def test_key_quotes_are_marked_for_other_languages() -> None:
    text = (
        "« Nous allons reconstruire la digue avant l'hiver », a déclaré le maire Jean Dupont.\n\n"
        "« Personne ne doit approcher des berges pendant trois jours », a prévenu la préfète "
        "Claire Morel."
    )
    quotes: list[Quote] = find_quotes(text, 1, "fr")
    assert [q.key for q in quotes].count(True) == 1 and all(q.kind == "full" for q in quotes)


def _gold() -> list[dict[str, object]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def test_gold_articles_are_well_formed() -> None:
    records = _gold()
    assert {r["language"] for r in records} == {"fr", "de", "es", "it", "pt", "zh", "ar", "ja"}
    for r in records:
        text = str(r["text"])
        for q in r["quotes"]:  # type: ignore[attr-defined]
            parts = [text[s:e] for s, e in q["quote_span"]]
            assert " ".join(parts) == q["quote"], (r["id"], q)


def test_developed_gold_speakers() -> None:
    """The speakers of the developed gold articles (the held-out ones are reported by
    ``benchmarks/quotes_intl_eval.py``, not held to a figure here)."""
    right = total = 0
    for r in _gold():
        if r["split"] != "developed":
            continue
        found = extract_quotes(str(r["text"]), language=str(r["language"]))
        for q in r["quotes"]:  # type: ignore[attr-defined]
            if not q["speaker"]:
                continue
            (s, e), *_ = q["quote_span"]
            total += 1
            match = [p for p in found if p.start <= s < p.end or s <= p.start < e]
            last = q["speaker"].split()[-1]
            right += bool(match) and last in (match[0].speaker or "")
    assert total > 100 and right / total >= 0.95


def test_quotes_command_reads_a_french_article(tmp_path: Path) -> None:
    record = next(r for r in _gold() if r["id"] == "fr-02")
    path = tmp_path / "greve.md"
    path.write_text("Grève à Marseille\n\n" + str(record["text"]), encoding="utf-8")
    result = runner.invoke(app, ["quotes", str(path), "--json", "--languages", "fr"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert [q["speaker"] for q in found] == ["Philippe Tabarot", "Sophie Bernard", "Sophie Bernard"]


def test_quotes_command_says_when_a_language_has_no_rules(tmp_path: Path) -> None:
    path = tmp_path / "dijk.md"
    path.write_text(
        "Dijk\n\nDe minister zei maandag dat de nieuwe dijk in de herfst wordt versterkt en "
        'dat de kosten nog niet zijn afgesproken. "We beginnen in september," zei hij.\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["quotes", str(path), "--languages", "nl"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "quotations are not extracted for Dutch articles" in result.stderr


def test_briefing_notes_languages_without_quote_rules(tmp_path: Path) -> None:
    dutch = tmp_path / "dijk.md"
    dutch.write_text(
        "Dijk versterkt\n\nDe minister zei maandag dat de nieuwe dijk in de herfst wordt "
        "versterkt en dat de kosten nog niet met de aannemers zijn afgesproken, maar dat komt "
        'nog. "We beginnen in september," zei hij tegen de verslaggevers van de krant.\n',
        encoding="utf-8",
    )
    english = sorted(SAMPLES.glob("f*.md"))[0]
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *["build", str(dutch), str(english), "--languages", "en,nl"],
            *["--engine", "extractive", "--out", str(out), "--format", "json,html"],
            *["--date", "2026-11-25"],
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing-2026-11-25.json").read_text(encoding="utf-8"))
    assert data["notes"] == ["Quotations are not extracted for Dutch articles."]
    html = (out / "briefing-2026-11-25.html").read_text(encoding="utf-8")
    assert "Quotations are not extracted for Dutch articles." in html


SHAPES = {
    "fr said": ("fr", "« Nous construirons le pont », a déclaré Jean Dupont. "),
    "fr scare": ("fr", "le « plan » et le « deal » "),
    "fr dialogue": ("fr", "— Oui, a dit le maire Jean Roux.\n"),
    "fr list": ("fr", "— un point de liste\n"),
    "de said": ("de", "„Wir bauen die Brücke“, sagte Bürgermeister Hans Weber. Er „war“ froh. "),
    "es inciso": ("es", "—No cederemos —dijo el ministro Luis Vega—. Es nuestra obligación.\n"),
    "zh said": ("zh", "市长王建国表示：“我们将加固堤坝。”“今年完工，”该市长说。“好。”"),
    "zh open": ("zh", "「一个没有闭合的标记，"),
    "ja said": ("ja", "森田さおり課長は「路線を見直す」と説明した。「はい」と同氏は話した。"),
    "ar said": ("ar", "وقال الوزير خالد المنصوري إن «الطرق مفتوحة». «نحن هنا»، أضاف الوزير.\n"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_doubling_an_article_doubles_the_work(shape: str) -> None:
    language, piece = SHAPES[shape]
    small, large = piece * 300, piece * 600
    a = count_calls(lambda: find_quotes(small, 3, language))
    b = count_calls(lambda: find_quotes(large, 3, language))
    assert b / a < 2.4, f"{shape}: {a} calls for {len(small)} chars, {b} for {len(large)}"


def test_briefing_finds_chinese_japanese_and_arabic_quotes_without_notes(tmp_path: Path) -> None:
    records = {str(r["id"]): r for r in _gold()}
    paths = []
    for ident in ("zh-01", "ja-01", "ar-01"):
        path = tmp_path / f"{ident}.md"
        path.write_text(f"{ident}\n\n{records[ident]['text']}\n", encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *["build", *paths, "--languages", "zh,ja,ar", "--engine", "extractive"],
            *["--out", str(out), "--format", "json", "--date", "2026-11-25"],
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing-2026-11-25.json").read_text(encoding="utf-8"))
    assert data["notes"] == []
    speakers = {s["language"]: [q["speaker"] for q in s["quotes"]] for s in data["stories"]}
    assert speakers == {
        "zh": ["王建国", "李秀兰"],
        "ja": ["山田太郎", "森田さおり"],
        "ar": ["خالد المنصوري", "خالد المنصوري", "ليلى الزعبي"],
    }


LONG_RUNS = {
    "zh roles": ("zh", "市长主任发言人局长", "说：“好的，我们会做。”"),
    "ja particles": ("ja", "、は課長は", "「はい、そうです」と述べた。"),
    "ar roles": ("ar", "وزير رئيس مدير ", "قال إن «الطرق مفتوحة اليوم»."),
}


@pytest.mark.parametrize("shape", list(LONG_RUNS))
def test_a_long_sentence_before_one_quotation_is_read_in_linear_work(shape: str) -> None:
    language, filler, end = LONG_RUNS[shape]
    a = count_calls(lambda: find_quotes(filler * 2000 + end, 3, language))
    b = count_calls(lambda: find_quotes(filler * 4000 + end, 3, language))
    assert b / a < 2.4, f"{shape}: {a} calls, then {b} for twice the text"
