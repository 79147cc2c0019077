"""Check the development set's pages against manifest.yaml, and write a page from a search excerpt.

The pages are third-party news text: they stay out of git (benchmarks/devset/pages/ is ignored).
manifest.yaml records, for each page, the query that found it in the stored-pages search
(corpus `pages`), its url, outlet, publication date and the sha256 of the stored file.

Rebuild a page:
  1. run the search with the entry's `query` (corpus `pages`) and take the result whose url is the
     entry's `url` (when one url comes back twice, the one whose text gives the recorded sha256);
  2. save that result's `excerpt` exactly as returned (the JSON string decoded) to a file, say x.txt;
  3. python benchmarks/devset/rebuild.py write ID x.txt
     It drops the leading " date YYYY-MM-DD " marker the search adds, trims trailing blanks, puts
     the front matter from the manifest on top and checks the sha256.

Usage:
  python benchmarks/devset/rebuild.py            verify: list missing, changed and unlisted pages
  python benchmarks/devset/rebuild.py write ID EXCERPT_FILE
  python benchmarks/devset/rebuild.py hash       fill in sha256 for entries that have none
Exit status: 0 when every page is present and unchanged, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.yaml"
PAGES = HERE / "pages"
_DATE_MARK = re.compile(r"\A\s*date \d{4}-\d{2}-\d{2}\s+")


def load_manifest(path: Path = MANIFEST) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("pages") or [])


def page_text(entry: dict, excerpt: str) -> str:
    """The stored file for one page: front matter from the manifest, then the excerpt's text."""
    body = _DATE_MARK.sub("", excerpt, count=1).rstrip()
    meta = {"title": entry["title"], "source": entry["outlet"], "url": entry["url"]}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    if entry.get("published"):
        front += f"published: {entry['published']}\n"  # a bare date, as people write it
    return f"---\n{front}---\n{body}\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify(entries: list[dict], pages: Path) -> list[str]:
    problems = []
    listed = set()
    for entry in entries:
        path = pages / f"{entry['id']}.md"
        listed.add(path.name)
        if not path.exists():
            problems.append(f"missing: {path.name} ({entry['url']}; query: {entry['query']!r})")
        elif entry.get("sha256") and sha256(path) != entry["sha256"]:
            problems.append(f"changed: {path.name} (sha256 differs from the manifest)")
        elif not entry.get("sha256"):
            problems.append(f"unhashed: {path.name} (run `rebuild.py hash`)")
    if pages.is_dir():
        problems += [
            f"unlisted: {p.name}" for p in sorted(pages.glob("*.md")) if p.name not in listed
        ]
    return problems


def _write(entries: list[dict], page_id: str, excerpt_file: Path, pages: Path) -> int:
    entry = next((e for e in entries if e["id"] == page_id), None)
    if entry is None:
        print(f"{MANIFEST}: no page with id {page_id!r}", file=sys.stderr)
        return 1
    pages.mkdir(parents=True, exist_ok=True)
    path = pages / f"{page_id}.md"
    path.write_text(page_text(entry, excerpt_file.read_text(encoding="utf-8")), encoding="utf-8")
    if entry.get("sha256") and sha256(path) != entry["sha256"]:
        print(f"{path}: written, but its sha256 differs from the manifest", file=sys.stderr)
        return 1
    print(f"{path}: written")
    return 0


def _fill_hashes(pages: Path) -> int:
    text = MANIFEST.read_text(encoding="utf-8")
    # Edit the text line by line so the manifest keeps its comments and layout.
    out, current = [], None
    for line in text.splitlines():
        m = re.match(r"\s*- id: (\S+)", line)
        if m:
            current = m.group(1)
        if re.match(r"\s+sha256:\s*(null)?\s*$", line) and current:
            path = pages / f"{current}.md"
            if path.exists():
                line = re.sub(r"sha256:.*", f"sha256: {sha256(path)}", line)
        out.append(line)
    MANIFEST.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=Path, default=PAGES)
    sub = parser.add_subparsers(dest="command")
    w = sub.add_parser("write", help="write one page from a saved search excerpt")
    w.add_argument("id")
    w.add_argument("excerpt", type=Path)
    sub.add_parser("hash", help="fill in missing sha256 values from the stored pages")
    args = parser.parse_args(argv)
    entries = load_manifest()
    if args.command == "write":
        return _write(entries, args.id, args.excerpt, args.pages)
    if args.command == "hash":
        return _fill_hashes(args.pages)
    problems = verify(entries, args.pages)
    for problem in problems:
        print(problem)
    outlets = {e["outlet"] for e in entries}
    print(
        f"{len(entries)} pages, {len(outlets)} outlets, {len(problems)} problem(s)", file=sys.stderr
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
