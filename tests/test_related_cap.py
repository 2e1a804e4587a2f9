"""``max_related``: each story shows the first related reports in full and counts the rest in
one line in every reader's format; the JSON keeps them all, and ``send`` mails what ``build``
showed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.deliver.message import build_message
from briefgen.document import briefing_from_json
from briefgen.settings.mail import EmailSettings

from .test_dedupe import SCHOOL, WIRE

runner = CliRunner()
DAY = "2026-11-26"

# Four outlets' own reports of the wire story: each quotes one paragraph of the wire copy and
# adds its own angle, so they are related reports (not copies of it or of each other).
OWN_ANGLES = {
    "Bay Chronicle": [
        "Councillors in Kestrel Bay approved the flood barrier after a long and often bitter "
        "debate at the town hall on Tuesday night.",
        "Residents on the harbour front watched from the public gallery and applauded when "
        "the result was read out.",
    ],
    "Harbour Radio": [
        "Fishermen in Kestrel Bay welcomed the council's vote to build a flood barrier, "
        "saying storm surges on the Wren estuary had cost them boats and gear.",
        "Skipper Tom Reilly said the market had been under water twice last winter and that "
        "the barrier gave the harbour a future.",
        "Council leader Martin Hale is expected to meet the fishermen's association next week.",
    ],
    "Estuary Watch": [
        "Bird watchers fear the Kestrel Bay flood barrier will change the tides on the Wren "
        "estuary, where thousands of waders feed each winter.",
        "The council's vote on Tuesday went against their amendment, which called for the "
        "barrier to be moved further inland.",
        "Engineer Priya Nandi said the gates would stay open except during storm surges.",
    ],
    "Valley Times": [
        "The Kestrel Bay flood barrier will be paid for half by the regional government and "
        "half by council borrowing, according to papers published after Tuesday's vote.",
        "Councillors were told the Wren estuary barrier would protect hundreds of homes in "
        "the harbour town.",
        "Critics on the council questioned whether harbour fees could repay the loans.",
    ],
}


def _write(folder: Path, name: str, title: str, source: str, paragraphs: list[str]) -> None:
    front = f'---\ntitle: "{title}"\nsource: "{source}"\nurl: https://{name}.example.org/\n---\n'
    (folder / f"{name}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    _write(folder, "wire", "Kestrel Bay flood barrier approved", "Newswire", WIRE)
    for i, (source, own) in enumerate(OWN_ANGLES.items()):
        name = source.lower().replace(" ", "-")
        _write(
            folder,
            name,
            f"Kestrel Bay flood barrier vote: {source} reports",
            source,
            [WIRE[i], *own],
        )
    _write(folder, "school", "Millbrook school to reopen", "County News", SCHOOL)
    return folder


def _build(tmp_path: Path, *extra: str) -> tuple[Path, dict[str, object]]:
    out = tmp_path / "out"
    args = ["build", str(_inputs(tmp_path)), "--engine", "extractive", "--no-cache"]
    args += ["--format", "json,html,md,epub", "--out", str(out), "--date", DAY, *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads((out / f"briefing-{DAY}.json").read_text("utf-8"))
    return out, data


def _related_titles(data: dict[str, object]) -> list[str]:
    stories = data["stories"]
    assert isinstance(stories, list)
    [barrier] = [s for s in stories if s["related"]]
    return [r["title"] for r in barrier["related"]]


def test_max_related_shows_the_first_and_counts_the_rest_the_json_keeps_all(
    tmp_path: Path,
) -> None:
    out, data = _build(tmp_path, "--max-related", "2")
    titles = _related_titles(data)
    assert len(titles) == 4 and data["related_listed"] == 2
    line = "and 2 more related reports, not listed here"
    html = (out / f"briefing-{DAY}.html").read_text("utf-8")
    assert all(t in html for t in titles[:2]) and not any(t in html for t in titles[2:])
    assert f'<p class="related-unlisted">{line}</p>' in html
    md = (out / f"briefing-{DAY}.md").read_text("utf-8")
    assert all(t in md for t in titles[:2]) and not any(t in md for t in titles[2:])
    assert f"\n_{line}_\n" in md
    with zipfile.ZipFile(out / f"briefing-{DAY}.epub") as book:
        chapters = "".join(book.read(n).decode("utf-8") for n in book.namelist() if "section-" in n)
    assert all(t in chapters for t in titles[:2]) and not any(t in chapters for t in titles[2:])
    assert line in chapters
    # send rebuilds the briefing from the JSON: the mail shows what build showed
    briefing = briefing_from_json(data)
    assert briefing.max_related == 2 and len(briefing.stories[0].related) == 4
    settings = EmailSettings(host="127.0.0.1", sender="desk@example.org", to=["a@example.org"])
    message = build_message(briefing, settings, settings.to, {})
    mail = "".join(str(part.get_content()) for part in message.walk() if not part.is_multipart())
    assert mail.count(line) == 2  # the text part and the HTML part
    assert titles[1] in mail and titles[3] not in mail


def test_the_default_shows_three_and_zero_shows_every_related_report(tmp_path: Path) -> None:
    out, data = _build(tmp_path)
    titles = _related_titles(data)
    assert data["related_listed"] == 3
    html = (out / f"briefing-{DAY}.html").read_text("utf-8")
    assert "and 1 more related report, not listed here" in html
    assert titles[2] in html and titles[3] not in html
    out, data = _build(tmp_path / "all", "--max-related", "0")
    html = (out / f"briefing-{DAY}.html").read_text("utf-8")
    assert all(t in html for t in _related_titles(data))
    assert "not listed here" not in html
