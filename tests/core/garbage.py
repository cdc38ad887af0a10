"""Garbage for pages: form discovery, hostile values, lying files, and a row counter."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import strategies as st

from technopark.core.models import AuditEntry

# Tables that legitimately change on a rejected request: the session store (logging in) and
# the audit log (a failed login is recorded on purpose; checked separately for data changes).
VOLATILE_TABLES = {"django_session", AuditEntry._meta.db_table}
DATA_ACTIONS = [
    AuditEntry.Action.CREATE,
    AuditEntry.Action.UPDATE,
    AuditEntry.Action.DELETE,
    AuditEntry.Action.ERASE,
]


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type / "select" …
    choices: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form((a.get("method") or "get").lower(), a.get("action") or ""))
        elif not self.forms:
            return
        elif tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            self.forms[-1].fields.setdefault(a["name"], kind)
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._select:
            self.forms[-1].choices.setdefault(self._select, []).append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def own_forms(html: str, url: str) -> list[Form]:
    """Forms that submit to the page itself (not the logout / language forms of the layout)."""
    parser = _FormParser()
    parser.feed(html)
    path = url.split("?")[0]
    return [f for f in parser.forms if f.action in ("", ".", path, url) or f.action.startswith("?")]


HUGE = "Щ" * 30_000  # 60 kB: past every max_length and SQLite's LIKE pattern limit
TEXT_GARBAGE = [
    "",
    " ",
    HUGE,
    "\x00\x01\x02",
    "'; DROP TABLE accounts_user; --",
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "2024-13-45",
    "31.02.2023",
    "🤖👩‍🔬 ÆØÅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "%s%s%s%n",
    "../../etc/passwd",
    "true",
    "[]",
    "{}",
]

garbage_text = st.one_of(
    st.sampled_from(TEXT_GARBAGE),
    st.text(max_size=300),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.binary(max_size=50).map(lambda b: b.decode("latin-1")),
)


def lying_files() -> list[SimpleUploadedFile]:
    """Files whose name and declared type say 'picture' or 'document', whose bytes say otherwise."""
    return [
        SimpleUploadedFile(
            "photo.jpg", b"MZ\x90\x00\x03 this is an exe", content_type="image/jpeg"
        ),
        SimpleUploadedFile("report.pdf", b"\x89PNG\r\n\x1a\n broken png", "application/pdf"),
        SimpleUploadedFile("avatar.png", b"<?php system($_GET['c']); ?>", content_type="image/png"),
        SimpleUploadedFile("empty.png", b"", content_type="image/png"),
        SimpleUploadedFile("../../../evil.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
    ]


def fill(form: Form, value: str, *, file_index: int = 0) -> dict:
    """Every field of `form` set to `value` (files get a lying upload; csrf left to the client)."""
    data: dict = {}
    for name, kind in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if kind == "file":
            files = lying_files()
            data[name] = files[file_index % len(files)]
        else:
            data[name] = value
    return data


def wrong_types(form: Form) -> dict:
    """Lists where one value is expected, out-of-range choices, numbers as names."""
    data: dict = {}
    for name, kind in form.fields.items():
        if name == "csrfmiddlewaretoken" or kind == "file":
            continue
        if kind in ("select", "radio", "checkbox"):
            data[name] = ["not-a-choice", "999999999"]
        else:
            data[name] = ["1", "2", HUGE[:500]]
    return data


def row_counts() -> dict[str, int]:
    """Rows in every table of the database, in one query."""
    tables = sorted(t for t in connection.introspection.table_names() if t not in VOLATILE_TABLES)
    quote = connection.ops.quote_name
    # Table names come from the database's own catalogue and are quoted: nothing user-supplied.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    sql = "SELECT " + counts
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def data_changes_since(audit_id: int) -> list[str]:
    return [str(e) for e in AuditEntry.objects.filter(id__gt=audit_id, action__in=DATA_ACTIONS)]
