"""The `export` document: a stable JSON shape that users' scripts rely on."""

from __future__ import annotations

from typing import Any

from bot.engine.models import Briefing


def _date(d) -> str | None:
    return d.isoformat() if d else None


def export_document(briefing: Briefing) -> dict[str, Any]:
    return {
        "sources": [
            {"id": s.id, "title": s.title, "published": _date(s.published), "url": s.url, "outlet": s.outlet}
            for s in briefing.sources
        ],
        "actors": [
            {"id": a.id, "name": a.name, "aliases": list(a.aliases), "role": a.role, "kind": a.kind}
            for a in briefing.actors
        ],
        "quotes": [
            {
                "id": q.id, "speaker": q.speaker, "speaker_name": q.speaker_name, "text": q.text,
                "partial": q.partial, "said_on": _date(q.said_on), "sources": list(q.sources),
                "provenance": [p.model_dump() for p in q.provenance],
            }
            for q in briefing.quotes
        ],
        "events": [
            {
                "id": e.id, "date": _date(e.date), "date_precision": e.date_precision, "place": e.place,
                "summary": e.summary, "actors": list(e.actors), "host": e.host, "status": e.status,
                "date_inferred": e.date_inferred, "sources": list(e.sources),
                "provenance": [p.model_dump() for p in e.provenance],
            }
            for e in briefing.events
        ],
        "key_points": [{"text": k.text, "score": k.score, "sources": list(k.sources)} for k in briefing.key_points],
    }
